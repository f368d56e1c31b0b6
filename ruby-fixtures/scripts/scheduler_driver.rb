# frozen_string_literal: true
#
# A long-lived Ruby process running real resque-scheduler 5.0 (on resque 3.0) for the Java interop tests of the
# delayed-jobs API. Same line protocol as driver.rb: one JSON array per line on stdin (["command", args...]), one
# JSON object per line on stdout ({"ok": result} or {"error": "Class: message"}).
#
# Job classes are named by string; where Ruby derives the queue from the class (enqueue_at, remove_delayed,
# scheduled_at, delayed?, enqueue_delayed, remove_delayed_job_from_timestamp) the command also takes that class
# queue, and the class is defined (once) with that @queue.
#
# Environment: REDIS_URL (redis://host:port/db), RESQUE_NAMESPACE (default "resque"),
# RESQUE_JSON_ADAPTER (json_gem | oj, default json_gem).
require 'json'
require 'multi_json'
MultiJson.use((ENV['RESQUE_JSON_ADAPTER'] || 'json_gem').to_sym)
require 'redis'
require 'redis-namespace'
require 'resque'
require 'resque-scheduler'

# The protocol owns stdout; everything else Ruby prints (scheduler log, deprecation warnings) goes to stderr.
PROTOCOL = $stdout.dup
PROTOCOL.sync = true
$stdout = $stderr

redis = Redis.new(url: ENV.fetch('REDIS_URL'))
Resque.redis = Redis::Namespace.new(ENV['RESQUE_NAMESPACE'] || 'resque', redis: redis)
Resque::Scheduler.configure do |c|
  c.quiet = true
  c.verbose = false
end

# Defines (once) a job class with the given name; sets its @queue when a queue is given.
def job_class(name, queue)
  scope = Object
  name.split('::').each do |part|
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
  'version' => ->(*) { Resque::Scheduler::VERSION },
  # Ruby's own bytes for a delayed job (job_to_hash_with_queue + Resque.encode).
  'encode_delayed' => ->(queue, klass, args) { Resque.encode(Resque.send(:job_to_hash_with_queue, queue, klass, args)) },
  'enqueue_at' => lambda do |ts, klass, class_queue, args|
    Resque.enqueue_at(ts, job_class(klass, class_queue), *args)
    true
  end,
  # klass stays a String here, as resque-web and apps without the job class do.
  'enqueue_at_with_queue' => lambda do |queue, ts, klass, args|
    Resque.enqueue_at_with_queue(queue, ts, klass, *args)
    true
  end,
  'enqueue_in_with_queue' => lambda do |queue, seconds, klass, args|
    Resque.enqueue_in_with_queue(queue, seconds, klass, *args)
    true
  end,
  'delayed_queue_peek' => ->(start, count) { Resque.delayed_queue_peek(start, count) },
  'delayed_queue_schedule_size' => ->(*) { Resque.delayed_queue_schedule_size },
  'delayed_timestamp_size' => ->(ts) { Resque.delayed_timestamp_size(ts) },
  'delayed_timestamp_peek' => ->(ts, start, count) { Resque.delayed_timestamp_peek(ts, start, count) },
  'count_all_scheduled_jobs' => ->(*) { Resque.count_all_scheduled_jobs },
  'scheduled_at' => ->(klass, class_queue, args) { Resque.scheduled_at(job_class(klass, class_queue), *args) },
  'delayed?' => ->(klass, class_queue, args) { Resque.delayed?(job_class(klass, class_queue), *args) },
  'remove_delayed' => ->(klass, class_queue, args) { Resque.remove_delayed(job_class(klass, class_queue), *args) },
  'remove_delayed_in_queue' => ->(klass, queue, args) { Resque.remove_delayed_in_queue(klass, queue, *args) },
  'remove_delayed_job_from_timestamp' => lambda do |ts, klass, class_queue, args|
    Resque.remove_delayed_job_from_timestamp(ts, job_class(klass, class_queue), *args)
  end,
  # Removes the jobs of klass (nil: any class) whose decoded args equal expected_args.
  'remove_delayed_selection' => lambda do |klass, expected_args|
    Resque.remove_delayed_selection(klass) { |args| args == expected_args }
  end,
  'enqueue_delayed' => lambda do |klass, class_queue, args|
    Resque.enqueue_delayed(job_class(klass, class_queue), *args)
  end,
  'next_delayed_timestamp' => ->(at) { Resque.next_delayed_timestamp(at && Time.at(at)) },
  'enqueue_next_item' => ->(ts) { Resque::Scheduler.enqueue_next_item(ts) },
  # One pass of the scheduler's delayed-item mover (takes the master lock like a real scheduler).
  'handle_delayed_items' => lambda do |at|
    Resque::Scheduler.handle_delayed_items(at && Time.at(at))
    Resque::Scheduler.release_master_lock
    true
  end,
  'reset_delayed_queue' => lambda do |*|
    Resque.reset_delayed_queue
    true
  end,
  'peek' => ->(queue, start, count) { Resque.peek(queue, start, count) },
  'size' => ->(queue) { Resque.size(queue) }
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
