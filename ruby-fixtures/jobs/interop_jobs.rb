# frozen_string_literal: true
#
# Job classes the interop tests run on Ruby workers.

# Does nothing.
class NoopJob
  @queue = :default
  def self.perform(*_args); end
end

# Writes the arguments it received, re-encoded by Ruby, to "<ns>:interop:echo" so Java can compare.
class EchoJob
  @queue = :default
  def self.perform(*args)
    Resque.redis.rpush('interop:echo', Resque.encode(args))
  end
end

# Always fails with a message naming its arguments.
class FailingJob
  @queue = :default
  def self.perform(*args)
    raise ArgumentError, "boom #{args.inspect}"
  end
end

# Sleeps for the given number of seconds.
class SlowJob
  @queue = :default
  def self.perform(seconds = 1)
    sleep(seconds.to_f)
  end
end
