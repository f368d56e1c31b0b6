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

# Records one run of a job of the mixed Ruby/Java pool drain (RubyMixedPoolInteropTest); the Java handler of the same
# class writes the same keys. "<ns>:interop:done" is the set of distinct job ids, "<ns>:interop:done:list" gets one
# entry per run (longer than the set = a job ran twice), "<ns>:interop:done:ruby" is the Ruby side's share.
class RecordJob
  @queue = :mixed
  def self.perform(id, *_rest)
    id = id.to_s
    Resque.redis.sadd('interop:done', [id]) # an Array member: Integer reply, no redis-rb 4.8 deprecation warning
    Resque.redis.rpush('interop:done:list', id)
    Resque.redis.rpush('interop:done:ruby', id)
  end
end
