# frozen_string_literal: true
#
# Ruby Resque's side of resque4j's side-by-side benchmark (bench/run), driven by the Java harness
# (io.github.resque4j.bench.harness.Harness) with the protocol described in Side.java:
#   arguments key=value: workload, port, ns, jobs, workers, sleepMs, rate, skip, seconds (warmup is ignored:
#   Ruby 3.1 runs without a JIT here, there is nothing to warm up)
#   stdout: "@READY" once set up, "@RESULT {json}" after the timed part; stdin: "GO", then "EXIT".
#
# Workers: N forked processes, each a real Resque::Worker with FORK_PER_JOB=false running work(0.1) (Resque's
# LPOP polling, 0.1 s sleep when the queue is empty) with all of Resque's bookkeeping. They are forked before READY
# and wait on a pipe that the parent closes at GO. Each job writes one line to a second pipe when it performs (the
# latency job writes its enqueue time and latency in microseconds), which the parent counts. The worker figure for
# memory is the sum of the workers' PSS (/proc/<pid>/smaps_rollup; forked processes share pages) and threads the
# sum of their threads. Enqueue: Resque.enqueue_to (SADD queues + RPUSH, pipelined). Drain seeds are pushed raw
# (the same bytes Resque.enqueue writes) in pipelines of 1,000.
#
# Usage (by the harness): ruby -I $RESQUE_RUBY_LIB bench/ruby/side.rb key=value...   (resque 3.0, redis 4.x,
# redis-namespace and multi_json gems)
require 'json'
require 'logger'
require 'multi_json'
MultiJson.use(:json_gem)
require 'redis'
require 'redis-namespace'
require 'resque'

PARAMS = ARGV.to_h { |a| a.split('=', 2) }
QUEUE = 'bench'
POLL_INTERVAL = 0.1
NOOP_ARGS = [1, 'two', { 'three' => 3 }].freeze

Redis.silence_deprecations = true if Redis.respond_to?(:silence_deprecations=)
PROTO = $stdout
PROTO.sync = true
$stdout = $stderr # anything else printed goes to the log
Resque.logger = Logger.new($stderr)
Resque.logger.level = Logger::WARN

def param(key, default)
  PARAMS.key?(key) ? Integer(PARAMS[key]) : default
end

def connect(ns)
  Resque.redis = Redis::Namespace.new(ns, redis: Redis.new(host: '127.0.0.1', port: param('port', 6379)))
end

def mono
  Process.clock_gettime(Process::CLOCK_MONOTONIC)
end

def wall_micros
  Process.clock_gettime(Process::CLOCK_REALTIME, :microsecond)
end

def ready
  PROTO.puts '@READY'
  line = $stdin.gets&.chomp
  raise "expected GO, got #{line.inspect}" unless line == 'GO'
end

def proc_field(path, field)
  File.foreach(path) { |l| return l.split[1].to_i if l.start_with?("#{field}:") }
  0
rescue SystemCallError
  0
end

def result(seconds, jobs, pids, extra = {})
  if pids.empty?
    rss = proc_field('/proc/self/status', 'VmRSS')
    threads = proc_field('/proc/self/status', 'Threads')
  else
    rss = pids.sum { |pid| proc_field("/proc/#{pid}/smaps_rollup", 'Pss') }
    threads = pids.sum { |pid| proc_field("/proc/#{pid}/status", 'Threads') }
  end
  PROTO.puts "@RESULT #{JSON.generate({ seconds: seconds, jobs: jobs, rssKb: rss, threads: threads }.merge(extra))}"
  while (line = $stdin.gets)
    break if line.chomp == 'EXIT'
  end
end

# The jobs write one line per perform to $done (the workers' end of the done pipe).
class NoopJob
  def self.perform(*)
    $done.write("1\n")
  end
end

class SleepJob
  def self.perform(ms)
    sleep(ms / 1000.0)
    $done.write("1\n")
  end
end

class LatencyJob
  def self.perform(sent)
    now = wall_micros
    $done.write("#{sent} #{now - sent}\n")
  end
end

# Forks the workers; they wait until the go pipe is closed. Returns [pids, go writer, done reader].
def fork_workers(ns, count)
  go_r, go_w = IO.pipe
  done_r, done_w = IO.pipe
  pids = Array.new(count) do
    fork do
      go_w.close
      done_r.close
      $stdin.reopen('/dev/null')
      done_w.sync = true
      $done = done_w
      go_r.read # returns at EOF: the parent closed its end at GO
      ENV['FORK_PER_JOB'] = 'false'
      connect(ns) # a connection of its own, not the parent's
      worker = Resque::Worker.new(QUEUE)
      worker.work(POLL_INTERVAL)
      exit!(0)
    end
  end
  go_r.close
  done_w.close
  [pids, go_w, done_r]
end

def stop_workers(pids)
  pids.each { |pid| Process.kill('QUIT', pid) rescue nil } # graceful: finish the job, unregister
  deadline = mono + 15
  pids.each do |pid|
    loop do
      break if Process.waitpid(pid, Process::WNOHANG)
      if mono > deadline
        Process.kill('KILL', pid) rescue nil
        Process.waitpid(pid) rescue nil
        break
      end
      sleep 0.05
    end
  rescue Errno::ECHILD
    next
  end
end

# Reads the done pipe in a thread; returns [lines, queue signalled once n lines arrived].
def collect(done_r, n)
  lines = []
  signal = Queue.new
  Thread.new do
    done_r.each_line do |l|
      lines << l
      signal << true if lines.size == n
    end
  end
  [lines, signal]
end

def seed(ns, cls, args, n)
  raw = Redis.new(host: '127.0.0.1', port: param('port', 6379))
  payload = Resque.encode('class' => cls, 'args' => args)
  raw.sadd("#{ns}:queues", QUEUE)
  n.times.each_slice(1000) do |slice|
    raw.pipelined { |p| slice.each { p.rpush("#{ns}:queue:#{QUEUE}", payload) } }
  end
  raw.close
end

def percentile(sorted, p)
  return 0 if sorted.empty?

  sorted[[[(p * sorted.size).ceil - 1, 0].max, sorted.size - 1].min]
end

def main
  ns = PARAMS.fetch('ns')
  n = param('jobs', 1000)
  workers = param('workers', 1)
  case PARAMS.fetch('workload')
  when 'enqueue-seq'
    connect(ns)
    [n, 5000].min.times { Resque.enqueue_to('warmup', NoopJob, *NOOP_ARGS) }
    Resque.remove_queue('warmup')
    ready
    t0 = mono
    n.times { Resque.enqueue_to(QUEUE, NoopJob, *NOOP_ARGS) }
    result(mono - t0, n, [])
  when 'drain'
    sleep_ms = param('sleepMs', 0)
    sleep_ms.positive? ? seed(ns, 'SleepJob', [sleep_ms], n) : seed(ns, 'NoopJob', NOOP_ARGS, n)
    pids, go_w, done_r = fork_workers(ns, workers)
    lines, signal = collect(done_r, n)
    ready
    t0 = mono
    go_w.close
    signal.pop
    result(mono - t0, lines.size, pids)
    stop_workers(pids)
  when 'latency'
    rate = param('rate', 1000)
    pids, go_w, done_r = fork_workers(ns, workers)
    go_w.close
    lines, signal = collect(done_r, n)
    connect(ns)
    Resque.redis.ping
    ready
    t0 = mono
    n.times do |i|
      wait = t0 + i.to_f / rate - mono
      sleep(wait) if wait.positive?
      Resque.enqueue_to(QUEUE, LatencyJob, wall_micros)
    end
    signal.pop
    seconds = mono - t0
    pairs = lines.map { |l| l.split.map(&:to_i) }.sort_by(&:first)
    lat = (pairs.drop(param('skip', 0)).map(&:last)).sort
    result(seconds, lines.size, pids, { measured: lat.size, p50Us: percentile(lat, 0.5),
                                        p99Us: percentile(lat, 0.99), maxUs: lat.last || 0 })
    stop_workers(pids)
  when 'idle'
    pids, go_w, = fork_workers(ns, workers)
    go_w.close
    ready
    t0 = mono
    sleep param('seconds', 3)
    result(mono - t0, 0, pids)
    stop_workers(pids)
  else
    raise "unknown workload #{PARAMS['workload']}"
  end
end

begin
  main
  exit!(0)
rescue Exception => e # rubocop:disable Lint/RescueException
  warn "#{e.class}: #{e.message}\n#{e.backtrace.join("\n")}"
  PROTO.puts "@ERROR #{e.class}: #{e.message}".tr("\n", ' ')
  exit!(1)
end
