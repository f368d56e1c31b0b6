# frozen_string_literal: true
#
# A real resque-scheduler 5.0 process for the interop tests (the scheduler loop with DYNAMIC_SCHEDULE).
# Environment: REDIS_URL, RESQUE_NAMESPACE, INTERVAL (seconds, default 0.5), LOCK_TIMEOUT (seconds).
require 'multi_json'
MultiJson.use(:json_gem)
require 'redis'
require 'redis-namespace'
require 'resque'
require 'resque-scheduler'
$LOAD_PATH.unshift(File.expand_path('../jobs', __dir__))
require 'interop_jobs'

Resque.redis = Redis::Namespace.new(ENV['RESQUE_NAMESPACE'] || 'resque', redis: Redis.new(url: ENV.fetch('REDIS_URL')))
Resque::Scheduler.configure do |c|
  c.dynamic = true
  c.quiet = true
  c.poll_sleep_amount = Float(ENV['INTERVAL'] || '0.5')
  c.lock_timeout = Integer(ENV['LOCK_TIMEOUT'] || '180')
end
$stdout.sync = true
puts "SCHEDULER #{Resque::Scheduler.send(:master_lock).value}"
Resque::Scheduler.run
