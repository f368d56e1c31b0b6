#!/usr/bin/env ruby
# frozen_string_literal: true
#
# Records what Rails 6.1 ActiveJob on the Resque adapter writes to Redis, and what ActiveJob hands the job back,
# for every case of ruby-fixtures/jobs/active_jobs.rb, as the golden data of io.github.resque4j.activejob tests.
#
#   redis-server --port 6390 --save '' --appendonly no &       # a scratch Redis; keys are written under aj-record:
#   TZ=UTC REDIS_URL=redis://127.0.0.1:6390/0 ruby -I "$RESQUE_RUBY_LIB" -I "$RESQUE_SCHEDULER_RUBY_LIB" \
#     compat/tools/record_activejob.rb > compat/activejob/payloads.jsonl
#
# Each case runs twice, once per MultiJson adapter a Rails app may have (json_gem, i.e. ActiveSupport's encoder;
# oj), and gives one JSON line (see compat/activejob/README.md):
#   adapter, case, error (the enqueue's exception, if any), keys (every key the enqueue wrote, namespace removed,
#   with its type and value: lists in order, sets sorted, zsets with scores), payload (the queued or delayed entry,
#   exactly as stored), delayed_at (the delayed timestamp, or null), moved_payload (a delayed job after
#   resque-scheduler moved it to its queue, as that process re-encodes it), performed (what the job recorded when
#   a Resque worker ran it: see RecordsWhatItGot in ruby-fixtures/jobs/active_job_classes.rb) and, for a job whose
#   first run fails and is retried by ActiveJob's retry_on, retry_keys (the keys that re-enqueue wrote).
# job_id, enqueued_at and, for `wait: 3600`, the delayed timestamp are whatever they were at recording time.

require 'json'
require 'multi_json'
require 'redis'
require 'redis-namespace'
require 'resque'
require 'resque-scheduler'
require_relative '../../ruby-fixtures/jobs/active_jobs'

Redis.silence_deprecations = true

abort 'run me with TZ=UTC in the environment' unless ENV['TZ'] == 'UTC'
ActiveJobFixtures.load!

NS = 'aj-record'
RAW = Redis.new(url: ENV.fetch('REDIS_URL'))
Resque.redis = Redis::Namespace.new(NS, redis: RAW)
abort "#{NS}:* keys exist in #{ENV['REDIS_URL']}: use a scratch Redis" unless RAW.keys("#{NS}:*").empty?
Resque::Scheduler.configure do |c|
  c.quiet = true
  c.verbose = false
end

def clear
  keys = RAW.keys("#{NS}:*")
  RAW.del(*keys) unless keys.empty?
end

def dump(except = [])
  RAW.keys("#{NS}:*").sort.each_with_object({}) do |full, out|
    key = full.delete_prefix("#{NS}:")
    next if except.any? { |e| key == e || key.start_with?("#{e}:") }

    type = RAW.type(full)
    out[key] = {
      'type' => type,
      'value' => case type
                 when 'list' then RAW.lrange(full, 0, -1)
                 when 'set' then RAW.smembers(full).sort
                 when 'zset' then RAW.zrange(full, 0, -1, with_scores: true).map { |m, s| [m, s.to_i] }
                 when 'hash' then RAW.hgetall(full)
                 else RAW.get(full)
                 end
    }
  end
end

def performed
  lines = RAW.lrange("#{NS}:#{ActiveJobFixtures::RESULT_KEY}", 0, -1)
  raise "expected one run, got #{lines.size}" unless lines.size == 1

  JSON.parse(lines.first)
end

# Runs the one queued job the way a Resque worker does (reserve, then Resque::Job#perform).
def work_one
  queue = Resque.queues.first
  job = Resque.reserve(queue) or raise "nothing in #{queue}"
  job.perform
end

def record(adapter, name)
  clear
  row = { 'adapter' => adapter, 'case' => name, 'error' => nil }
  begin
    ActiveJobFixtures.enqueue_case(name)
  rescue StandardError => e
    row['error'] = "#{e.class}: #{e.message}"
  end
  keys = dump
  row['keys'] = keys
  delayed = keys.keys.grep(/\Adelayed:\d+\z/)
  queued = keys.keys.grep(/\Aqueue:/)
  row['payload'] = (delayed + queued).map { |k| keys[k]['value'] }.flatten.first
  row['delayed_at'] = delayed.first&.delete_prefix('delayed:')&.to_i
  row['moved_payload'] = nil
  row['performed'] = nil
  return row if row['error']

  if row['delayed_at']
    Resque::Scheduler.enqueue_delayed_items_for_timestamp(row['delayed_at'])
    row['moved_payload'] = RAW.lrange("#{NS}:queue:#{Resque.queues.first}", 0, -1).first
  end
  work_one
  row['performed'] = performed
  # A job that ActiveJob re-enqueued (retry_on): what that second enqueue left, as the enqueue's keys above.
  row['retry_keys'] = dump([ActiveJobFixtures::RESULT_KEY, 'stat']) if ActiveJobFixtures.cases[name][:retries]
  row
end

puts "# Recorded by compat/tools/record_activejob.rb: activejob #{ActiveJob.gem_version}, activesupport " \
     "#{ActiveSupport.gem_version}, globalid #{Gem.loaded_specs['globalid']&.version || 'debian'}, resque " \
     "#{Resque::VERSION}, resque-scheduler #{Resque::Scheduler::VERSION}, multi_json #{MultiJson::VERSION}, json " \
     "#{JSON::VERSION}, oj #{(require 'oj') && Oj::VERSION}, redis-rb #{Redis::VERSION}, ruby #{RUBY_VERSION}, " \
     "TZ=#{ENV['TZ']}. One JSON object per line; see compat/activejob/README.md"
%w[json_gem oj].each do |adapter|
  MultiJson.use(adapter.to_sym)
  ActiveJobFixtures.cases.each_key { |name| puts JSON.generate(record(adapter, name)) }
end
clear
