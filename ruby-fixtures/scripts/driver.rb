# frozen_string_literal: true
#
# A long-lived Ruby Resque process driven by the Java interop tests: it reads one JSON array per line on
# stdin (["command", args...]) and answers one JSON object per line on stdout ({"ok": result} or
# {"error": "Class: message"}). Real Resque 3.0 / resque-scheduler 5.0 code does the work.
#
# Environment: REDIS_URL (redis://host:port/db), RESQUE_NAMESPACE (default "resque"),
# RESQUE_JSON_ADAPTER (json_gem | oj, default json_gem).
require 'json'
require 'multi_json'
MultiJson.use((ENV['RESQUE_JSON_ADAPTER'] || 'json_gem').to_sym)
require 'redis'
require 'redis-namespace'
require 'resque'
require 'resque/failure/redis'
$LOAD_PATH.unshift(File.expand_path('../jobs', __dir__))
require 'interop_jobs'

redis = Redis.new(url: ENV.fetch('REDIS_URL'))
Resque.redis = Redis::Namespace.new(ENV['RESQUE_NAMESPACE'] || 'resque', redis: redis)

# Defines (once) a job class with the given name and queue so Resque.enqueue/dequeue can use it.
def job_class(name, queue)
  parts = name.split('::')
  scope = Object
  parts.each do |part|
    scope = if scope.const_defined?(part, false)
              scope.const_get(part, false)
            else
              scope.const_set(part, Class.new)
            end
  end
  scope.instance_variable_set(:@queue, queue.to_sym) if queue
  scope
end

COMMANDS = {
  'ping' => ->(*) { 'pong' },
  'enqueue' => ->(queue, klass, args) { Resque.enqueue(job_class(klass, queue), *args) },
  'dequeue' => ->(queue, klass, args) { Resque.dequeue(job_class(klass, queue), *args) },
  'peek' => ->(queue, start, count) { Resque.peek(queue, start, count) },
  'size' => ->(queue) { Resque.size(queue) },
  'queues' => ->(*) { Resque.queues },
  'info' => ->(*) { Resque.info.transform_keys(&:to_s) },
  'encode' => ->(value) { Resque.encode(value) },
  'failure_count' => ->(*) { Resque::Failure.count },
  'failure_all' => lambda do |offset, limit|
    all = Resque::Failure.all(offset, limit) # a Hash when limit == 1, an Array otherwise
    all.is_a?(Array) ? all : [all].compact
  end,
  'failure_requeue' => ->(index) { Resque::Failure.requeue(index) && true },
  'failure_remove' => ->(index) { Resque::Failure.remove(index) && true },
  'workers' => ->(*) { Resque.workers.map(&:to_s) },
  'working' => ->(*) { Resque::Worker.working.map(&:to_s) },
  'worker_state' => ->(*) { Resque::Worker.all.map { |w| [w.to_s, w.job(false)] }.to_h },
  # Runs Ruby's startup pruning as a worker on these queues would (optionally after the lock expired).
  'prune' => lambda do |queues, clear_lock, prune_interval|
    Resque.prune_interval = prune_interval if prune_interval
    Resque.redis.del('pruning_dead_workers_in_progress') if clear_lock
    Resque::Worker.new(*queues).prune_dead_workers
    Resque.workers.map(&:to_s).sort
  end,
  'heartbeats' => ->(*) { Resque::Worker.all_heartbeats.transform_values { |v| Time.parse(v).iso8601 } },
  # Resque.enqueue_to('inline_probe', InlineProbe, *args) with Resque.inline on: the hooks' log, what enqueue_to
  # returned or raised, and how many keys the namespace holds afterwards (inline writes nothing).
  'inline' => lambda do |args|
    $inline_events = []
    Resque.inline = true
    begin
      returned = Resque.enqueue_to('inline_probe', InlineProbe, *args)
      raised = nil
    rescue StandardError => e
      raised = "#{e.class}: #{e.message}"
    ensure
      Resque.inline = false
    end
    { 'events' => $inline_events, 'returned' => returned, 'raised' => raised, 'keys' => Resque.redis.keys('*').size }
  end
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
