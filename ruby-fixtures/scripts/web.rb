# frozen_string_literal: true
#
# resque-web (Resque::Server, a Sinatra app) on a loopback port for the interop tests.
# Environment: REDIS_URL, RESQUE_NAMESPACE, WEB_PORT.
require 'multi_json'
MultiJson.use(:json_gem)
require 'redis'
require 'redis-namespace'
require 'resque'
require 'resque/server'
require 'rack'
require 'rack/handler/webrick'

Resque.redis = Redis::Namespace.new(ENV['RESQUE_NAMESPACE'] || 'resque', redis: Redis.new(url: ENV.fetch('REDIS_URL')))
Rack::Handler::WEBrick.run(Resque::Server, Host: '127.0.0.1', Port: Integer(ENV.fetch('WEB_PORT')),
                                           AccessLog: [], Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
