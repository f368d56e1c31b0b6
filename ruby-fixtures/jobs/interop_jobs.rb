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

# Logs every Resque hook into $inline_events, so the Java inline client's order can be compared with Ruby's
# Resque.inline (driver command "inline"). args[0] picks the behaviour: "ok", "skip" (before_perform raises
# DontPerform), "fail" (perform raises), "veto" (before_enqueue returns false), "nested" (perform enqueues an "ok"
# job, which runs inline too).
class InlineProbe
  @queue = :inline_probe

  def self.log(event, args)
    ($inline_events ||= []) << "#{event} #{Resque.encode(args)}"
  end

  def self.before_enqueue_probe(*args)
    log('before_enqueue', args)
    args[0] != 'veto'
  end

  def self.after_enqueue_probe(*args)
    log('after_enqueue', args)
  end

  def self.before_perform_probe(*args)
    log('before_perform', args)
    raise Resque::Job::DontPerform if args[0] == 'skip'
  end

  def self.around_perform_probe(*args)
    log('around_perform>', args)
    yield
    log('around_perform<', args)
  end

  def self.after_perform_probe(*args)
    log('after_perform', args)
  end

  def self.on_failure_probe(error, *args)
    log("on_failure #{error.message}", args)
  end

  def self.perform(*args)
    log('perform', args)
    raise "boom #{args[1]}" if args[0] == 'fail'

    Resque.enqueue_to('inline_probe', InlineProbe, 'ok', 'inner') if args[0] == 'nested'
  end
end
