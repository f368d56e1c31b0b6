# frozen_string_literal: true
#
# Drives Ruby Resque 3.0's Failure API for the failure interop tests (RubyFailureInteropTest), including the
# backend-specific arguments driver.rb does not pass (failure list names for RedisMultiQueue). Same protocol
# as driver.rb: one JSON array per line on stdin (["command", args...]), one JSON object per line on stdout
# ({"ok": result} or {"error": "Class: message"}).
#
# Environment: REDIS_URL, RESQUE_NAMESPACE (default "resque"), FAILURE_BACKEND (redis | redis_multi_queue, read
# by Resque itself), RESQUE_JSON_ADAPTER (json_gem | oj, default json_gem).
require 'json'
require 'multi_json'
MultiJson.use((ENV['RESQUE_JSON_ADAPTER'] || 'json_gem').to_sym)
require 'redis'
require 'redis-namespace'
require 'resque'
$LOAD_PATH.unshift(File.expand_path('../jobs', __dir__))
require 'interop_jobs'

Resque.redis = Redis::Namespace.new(ENV['RESQUE_NAMESPACE'] || 'resque', redis: Redis.new(url: ENV.fetch('REDIS_URL')))

# Failure.all returns a Hash when limit == 1 and an Array otherwise (nil past the end).
def entries(result)
  result.is_a?(Array) ? result : [result].compact
end

COMMANDS = {
  'ping' => ->(*) { 'pong' },
  'backend' => ->(*) { Resque::Failure.backend.name },
  'queues' => ->(*) { Resque::Failure.queues.map(&:to_s) },
  'count' => ->(list = nil) { Resque::Failure.count(list) },
  'all' => ->(offset, limit, list = nil) { entries(Resque::Failure.all(offset, limit, list)) },
  'requeue' => ->(index, list = nil) { Resque::Failure.requeue(index, list) && true },
  'remove' => ->(index, list = nil) { Resque::Failure.remove(index, list) && true },
  'requeue_queue' => ->(queue) { Resque::Failure.requeue_queue(queue) && true },
  'remove_queue' => ->(queue) { Resque::Failure.remove_queue(queue) && true },
  'requeue_all' => ->(*) { Resque::Failure.requeue_all && true },
  'clear_retried' => ->(*) { Resque::Failure.clear_retried && true },
  'clear' => ->(list = nil) { Resque::Failure.clear(list) && true },
  'info_failed' => ->(*) { Resque.info[:failed] }
}.freeze

$stdout.sync = true
$stdin.each_line do |line|
  line = line.strip
  next if line.empty?
  begin
    cmd, *args = JSON.parse(line)
    handler = COMMANDS.fetch(cmd) { raise ArgumentError, "unknown command #{cmd}" }
    $stdout.puts(JSON.generate({ 'ok' => handler.call(*args) }))
  rescue StandardError, ScriptError => e
    $stdout.puts(JSON.generate({ 'error' => "#{e.class}: #{e.message}" }))
  end
end
