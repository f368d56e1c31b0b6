# frozen_string_literal: true
#
# Job classes using the real resque-retry plugin (https://github.com/lantins/resque-retry, tag v1.8.1), for the
# retry interop scenarios (RubyRetryInteropTest) and the recorder compat/tools/record_retry.rb.
#
# resque-retry's source is not part of this project: point RESQUE_RETRY_RUBY_LIB at the lib/ folder of a
# checkout (it also needs resque-scheduler's lib on the load path, which RESQUE_SCHEDULER_RUBY_LIB gives the
# fixture scripts). Load this file into any fixture script with RUBYOPT=-r<path of this file>, e.g. work.rb.
retry_lib = ENV['RESQUE_RETRY_RUBY_LIB']
abort 'retry_jobs.rb needs RESQUE_RETRY_RUBY_LIB (the lib/ folder of a resque-retry checkout)' if retry_lib.to_s.empty?
$LOAD_PATH.unshift(retry_lib) unless $LOAD_PATH.include?(retry_lib)
require 'resque'
require 'resque-retry'

# The Ruby half of a job that alternates between a Ruby and a Java worker: every run appends
# "ruby:<attempt as resque-retry counted it>" to "<ns>:interop:retry:attempts" and fails; its retries go to the
# queue the Java workers read (retry_java), while the Java policy for the same class sends them to retry_ruby.
class RetryPingJob
  extend Resque::Plugins::Retry
  @queue = :retry_ruby
  @retry_limit = 3
  @retry_delay = 0

  def self.retry_queue(_exception, *_args)
    'retry_java'
  end

  def self.perform(*_args)
    Resque.redis.rpush('interop:retry:attempts', "ruby:#{retry_attempt}")
    raise ArgumentError, "ruby attempt #{retry_attempt} failed"
  end
end

# RetryPingJob with a one-hour delay: retries go through resque-scheduler's delayed layout (delayed:<ts>,
# timestamps:<json>, delayed_queue_schedule), which the test moves to the queue itself. (Class instance variables
# are not inherited: the settings are repeated.)
class RetryPingDelayedJob < RetryPingJob
  @queue = :retry_ruby
  @retry_limit = 3
  @retry_delay = 3600
end

# Fails on its first run only, then succeeds (the retry key is deleted after the successful run).
class RetryPingFlakyJob < RetryPingJob
  @queue = :retry_ruby
  @retry_limit = 3
  @retry_delay = 0

  def self.perform(*_args)
    Resque.redis.rpush('interop:retry:attempts', "ruby:#{retry_attempt}")
    raise ArgumentError, 'first run fails' if retry_attempt.zero?
  end
end
