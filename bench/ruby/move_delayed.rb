# frozen_string_literal: true
#
# The Ruby side of bench/scheduler.sh: real resque-scheduler (Resque::Scheduler.handle_delayed_items) moving N due
# delayed jobs spread over T past timestamps to queue:default, over the same data as
# io.github.resque4j.bench.SchedulerBenchmark, printing the same line (jobs/s, Redis commands per job from
# INFO commandstats).
#
# Data, in a fresh namespace, exactly what Resque.enqueue_at writes: job i is
# {"class":"NoopJob","args":[i],"queue":"default"} at timestamp base + i / (N / T) (the last timestamp takes any
# remainder), seeded raw and pipelined: RPUSH delayed:<ts>, SADD timestamps:<json> delayed:<ts>,
# ZADD delayed_queue_schedule ts ts.
#
# Timed: one scheduler loop iteration's delayed work, as Resque::Scheduler.run_loop does it: master? then
# handle_delayed_items (batches of DELAYED_REQUEUE_BATCH_SIZE, default 100), until all N jobs are in
# queue:default and delayed_queue_schedule is empty. A warm-up run of up to 20,000 jobs in another namespace goes
# first (BENCH_WARMUP=false skips it). Every run is checked: each job exactly once in the queue, nothing left
# behind; any difference aborts with exit status 1.
#
# redis-rb 4.8 prints a deprecation warning for every single-member SADD (one per moved job, from Resque's
# watch_queue through redis-namespace) and one per batch for the pipelined enqueue inside MULTI; they are silenced
# here (Redis.silence_deprecations, which still builds each message) so the run measures the scheduler, not
# stderr. BENCH_RUBY_DEPRECATIONS=show keeps them.
#
# Usage: ruby -I $RESQUE_RUBY_LIB -I $RESQUE_SCHEDULER_RUBY_LIB bench/ruby/move_delayed.rb \
#          redis-url [jobs] [timestamps] [base-epoch-seconds]
require 'json'
require 'multi_json'
MultiJson.use(:json_gem)
require 'redis'
require 'redis-namespace'
require 'resque'
require 'resque-scheduler'

# The job class the delayed items name, so Resque can constantize it (queue comes from the item anyway).
class NoopJob
  @queue = :default
  def self.perform(*); end
end

QUEUE = 'default'

Redis.silence_deprecations = true unless ENV['BENCH_RUBY_DEPRECATIONS'] == 'show'

Resque::Scheduler.configure do |c|
  c.quiet = true
  c.verbose = false
end

def delayed_json(i)
  %({"class":"NoopJob","args":[#{i}],"queue":"#{QUEUE}"})
end

def seed(raw, ns, jobs, timestamps, base)
  per = jobs / timestamps
  i = 0
  timestamps.times.each_slice(20) do |slice|
    raw.pipelined do |p|
      slice.each do |t|
        last = t == timestamps - 1 ? jobs : i + per
        ts = base + t
        member = "delayed:#{ts}"
        items = (i...last).map { |n| delayed_json(n) }
        items.each { |json| p.sadd("#{ns}:timestamps:#{json}", [member]) }
        p.rpush("#{ns}:#{member}", items)
        p.zadd("#{ns}:delayed_queue_schedule", ts, ts)
        i = last
      end
    end
  end
end

def command_stats(raw)
  raw.info('commandstats').transform_values { |v| v['calls'].to_i }
end

def fail!(msg)
  warn "move_delayed.rb: #{msg}"
  exit 1
end

def check(actual, expected, what)
  fail!("#{what}: expected #{expected}, found #{actual.inspect}") unless actual == expected
end

def verify(raw, ns, jobs, timestamps, base)
  check(raw.llen("#{ns}:queue:#{QUEUE}"), jobs, "LLEN queue:#{QUEUE}")
  seen = Array.new(jobs, false)
  raw.lrange("#{ns}:queue:#{QUEUE}", 0, -1).each do |s|
    m = /\A\{"class":"NoopJob","args":\[(\d+)\]\}\z/.match(s)
    n = m && m[1].to_i
    fail!("unexpected item in queue:#{QUEUE}: #{s}") if n.nil? || n >= jobs
    fail!("job #{n} was enqueued twice") if seen[n]
    seen[n] = true
  end
  missing = seen.index(false)
  fail!("missing jobs: first is #{missing}") if missing
  check(raw.zcard("#{ns}:delayed_queue_schedule"), 0, 'ZCARD delayed_queue_schedule')
  check(raw.sismember("#{ns}:queues", QUEUE), true, "SISMEMBER queues #{QUEUE}")
  check(raw.llen("#{ns}:failed"), 0, 'LLEN failed')
  (0...timestamps).map { |t| "#{ns}:delayed:#{base + t}" }.each_slice(1000) do |keys|
    check(raw.exists(*keys), 0, 'delayed:<ts> lists left behind')
  end
  (0...jobs).map { |n| "#{ns}:timestamps:#{delayed_json(n)}" }.each_slice(1000) do |keys|
    check(raw.exists(*keys), 0, 'timestamps:<job> sets left behind')
  end
end

# Seeds, moves and checks one data set in a fresh namespace; returns [seconds, commands, per-command calls].
def run(url, jobs, timestamps, base)
  raw = Redis.new(url: url)
  ns = "bench-sched-rb-#{Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)}"
  Resque.redis = Redis::Namespace.new(ns, redis: Redis.new(url: url))
  # A fresh scheduler state for this namespace: its lock is keyed by the namespace.
  Resque::Scheduler.instance_variable_set(:@master_lock, nil)
  Resque::Scheduler.remove_instance_variable(:@am_master) if Resque::Scheduler.instance_variable_defined?(:@am_master)
  Resque.redis.ping # connect outside the timed part, as the Java side does

  seed(raw, ns, jobs, timestamps, base)
  check(raw.zcard("#{ns}:delayed_queue_schedule"), timestamps, 'seeded timestamps')

  s0 = command_stats(raw)
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  # run_loop's iteration: @am_master = master?; handle_delayed_items if am_master.
  Resque::Scheduler.instance_variable_set(:@am_master, Resque::Scheduler.master?)
  fail!('not master') unless Resque::Scheduler.send(:am_master)
  Resque::Scheduler.handle_delayed_items
  secs = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
  s1 = command_stats(raw)
  per = s1.to_h { |name, calls| [name, calls - s0.fetch(name, 0) - (name == 'info' ? 1 : 0)] }
          .select { |_, n| n.positive? }.sort_by { |_, n| -n }
  verify(raw, ns, jobs, timestamps, base)
  Resque::Scheduler.release_master_lock
  raw.del("#{ns}:queue:#{QUEUE}", "#{ns}:queues")
  raw.close
  [secs, per.sum { |_, n| n }, per]
end

url = ARGV[0] || 'redis://127.0.0.1:6379/0'
jobs = (ARGV[1] || 100_000).to_i
timestamps = (ARGV[2] || 1_000).to_i
base = (ARGV[3] || (Time.now.to_i - timestamps - 3600)).to_i
fail!("need 1 <= timestamps <= jobs, got #{timestamps} / #{jobs}") unless timestamps.between?(1, jobs)
batch = Resque::Scheduler.delayed_requeue_batch_size

if ENV.fetch('BENCH_WARMUP', 'true') != 'false'
  warm = [jobs, 20_000].min
  run(url, warm, [1, timestamps * warm / jobs].max, base)
end
secs, commands, per = run(url, jobs, timestamps, base)
puts format('%-4s move %7d delayed jobs over %5d timestamps, batch %4d: %8.3f s %9.0f jobs/s %6.2f cmds/job',
            'ruby', jobs, timestamps, batch, secs, jobs / secs, commands.to_f / jobs)
puts "      per job: #{per.map { |name, n| format('%s %.2f', name, n.to_f / jobs) }.join(', ')}"
