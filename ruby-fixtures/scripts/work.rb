# frozen_string_literal: true
#
# A real Ruby Resque worker for the interop tests. Environment: REDIS_URL, RESQUE_NAMESPACE, QUEUES
# (comma-separated, Ruby's syntax), INTERVAL (seconds, default 0.5), FORK_PER_JOB (Resque's own switch).
require 'multi_json'
MultiJson.use((ENV['RESQUE_JSON_ADAPTER'] || 'json_gem').to_sym)
require 'redis'
require 'redis-namespace'
require 'resque'
$LOAD_PATH.unshift(File.expand_path('../jobs', __dir__))
require 'interop_jobs'

Resque.redis = Redis::Namespace.new(ENV['RESQUE_NAMESPACE'] || 'resque', redis: Redis.new(url: ENV.fetch('REDIS_URL')))
worker = Resque::Worker.new(*ENV.fetch('QUEUES').split(','))
$stdout.sync = true
puts "WORKER #{worker}"
worker.work(Float(ENV['INTERVAL'] || 0.5))
