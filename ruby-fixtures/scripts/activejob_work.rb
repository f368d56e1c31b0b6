# frozen_string_literal: true
#
# A real Ruby Resque worker with Rails 6.1 ActiveJob loaded (ruby-fixtures/jobs/active_jobs.rb), so it runs
# ActiveJob::QueueAdapters::ResqueAdapter::JobWrapper jobs; each job records what it received into
# "<ns>:interop:activejob". Environment as work.rb: REDIS_URL, RESQUE_NAMESPACE, QUEUES, INTERVAL, FORK_PER_JOB,
# RESQUE_JSON_ADAPTER.
require 'multi_json'
MultiJson.use((ENV['RESQUE_JSON_ADAPTER'] || 'json_gem').to_sym)
require 'redis'
require 'redis-namespace'
require 'resque'
$LOAD_PATH.unshift(File.expand_path('../jobs', __dir__))
require 'active_jobs'
ActiveJobFixtures.load!
Redis.silence_deprecations = true if Redis.respond_to?(:silence_deprecations=)

Resque.redis = Redis::Namespace.new(ENV['RESQUE_NAMESPACE'] || 'resque', redis: Redis.new(url: ENV.fetch('REDIS_URL')))
worker = Resque::Worker.new(*ENV.fetch('QUEUES').split(','))
$stdout.sync = true
puts "WORKER #{worker}"
worker.work(Float(ENV['INTERVAL'] || 0.5))
