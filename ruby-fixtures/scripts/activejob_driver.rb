# frozen_string_literal: true
#
# A long-lived Ruby process with Rails 6.1 ActiveJob on the Resque adapter (ruby-fixtures/jobs/active_jobs.rb), for
# the Java ActiveJob interop tests. Same line protocol as driver.rb: one JSON array per line on stdin
# (["command", args...]), one JSON object per line on stdout ({"ok": result} or {"error": "Class: message"}).
#
# Commands:
#   ping                -> the loaded versions (fails if ActiveJob cannot be loaded)
#   cases               -> the case names
#   enqueue_case(name)  -> perform_later of that case; returns {"job_id", "queue_name", "arguments"}, "arguments"
#                          being what ActiveJob will hand the job (the serialized arguments through Resque's JSON
#                          and back, deserialized, in ActiveJobFixtures.describe form)
#
# Environment: REDIS_URL, RESQUE_NAMESPACE (default "resque"), RESQUE_JSON_ADAPTER (json_gem | oj, default json_gem).
require 'json'
require 'multi_json'
MultiJson.use((ENV['RESQUE_JSON_ADAPTER'] || 'json_gem').to_sym)
require 'redis'
require 'redis-namespace'
require 'resque'
require 'resque-scheduler'

# The protocol owns stdout; anything else Ruby prints goes to stderr.
PROTOCOL = $stdout.dup
PROTOCOL.sync = true
$stdout = $stderr

$LOAD_PATH.unshift(File.expand_path('../jobs', __dir__))
require 'active_jobs'
ActiveJobFixtures.load!
Redis.silence_deprecations = true if Redis.respond_to?(:silence_deprecations=)
Resque.redis = Redis::Namespace.new(ENV['RESQUE_NAMESPACE'] || 'resque', redis: Redis.new(url: ENV.fetch('REDIS_URL')))

COMMANDS = {
  'ping' => lambda do |*|
    { 'activejob' => ActiveJob.gem_version.to_s, 'resque' => Resque::VERSION, 'json' => MultiJson.adapter.name }
  end,
  'cases' => ->(*) { ActiveJobFixtures.cases.keys },
  'enqueue_case' => lambda do |name|
    job = ActiveJobFixtures.enqueue_case(name)
    data = Resque.decode(Resque.encode(job.serialize))
    { 'job_id' => job.job_id, 'queue_name' => job.queue_name,
      'arguments' => ActiveJobFixtures.describe(ActiveJob::Arguments.deserialize(data['arguments'])) }
  end
}.freeze

$stdin.each_line do |line|
  line = line.strip
  next if line.empty?

  begin
    cmd, *args = JSON.parse(line)
    handler = COMMANDS.fetch(cmd) { raise ArgumentError, "unknown command #{cmd}" }
    PROTOCOL.puts(JSON.generate({ 'ok' => handler.call(*args) }))
  rescue StandardError, ScriptError => e
    PROTOCOL.puts(JSON.generate({ 'error' => "#{e.class}: #{e.message}" }))
  end
end
