#!/usr/bin/env ruby
# frozen_string_literal: true
#
# Records what the real resque-retry plugin writes to Redis, as the golden data that
# src/test/java/io/github/resque4j/retry/RetryReplayTest (and RetryIdentifierGoldenTest) replay.
#
#   TZ=UTC LANG=C.UTF-8 ruby -I "$RESQUE_RUBY_LIB" -I "$RESQUE_SCHEDULER_RUBY_LIB" -I "$RESQUE_RETRY_RUBY_LIB" \
#       compat/tools/record_retry.rb compat/retry
#
# It starts its own redis-server (from PATH) on a free loopback port, so nothing else is touched. Output under the
# given folder (see compat/retry/README.md):
#   monitor/<scenario>.txt   MONITOR transcript (server escaping), sections started by ECHO "---- <step> ----"
#   state/<scenario>.txt     every key at the end (type, value, TTL), in StateDump's format
#   identifiers.tsv          class, args as JSON, redis_retry_key under default_external UTF-8 and US-ASCII
#   inspect_escaped.txt      code point ranges that String#inspect escapes (the rest it prints raw)
#
# Jobs run in this process on a non-forking Resque::Worker (work_one_job: reserve, before hooks, perform,
# on_failure hooks, Failure.create, stats), with Time.now frozen at NOW so delayed timestamps are reproducible.
# Delayed retries are moved to their queue with resque-scheduler's own enqueue_delayed_items_for_timestamp.
require 'fileutils'
require 'socket'
require 'json'
require 'multi_json'
MultiJson.use(:json_gem)
require 'redis'
require 'redis-namespace'
require 'resque'
require 'resque-scheduler'
require 'resque-retry'
require 'resque/failure/redis'
require 'timeout'

abort 'run me with TZ=UTC in the environment' unless ENV['TZ'] == 'UTC'
OUT = ARGV[0] or abort 'usage: record_retry.rb <output folder>'
NOW = 1_900_000_000

# Freeze the clock resque-scheduler (enqueue_in), the worker and the failure backend read.
module FrozenNow
  def now
    Time.at(NOW)
  end
end
Time.singleton_class.prepend(FrozenNow)

# --------------------------------------------------------------------------------------------------- jobs

# Recorded with retry_limit 2 and a fixed 60 s delay: three runs, two delayed retries, then failed.
class RetryFixedJob
  extend Resque::Plugins::Retry
  @queue = :retryq
  @retry_limit = 2
  @retry_delay = 60
  def self.perform(*_args)
    raise ArgumentError, 'always fails'
  end
end

# Delay 0: retried with Resque.enqueue_to (no scheduler).
class RetryNowJob
  extend Resque::Plugins::Retry
  @queue = :retryq
  @retry_limit = 1
  @retry_delay = 0
  def self.perform(*_args)
    raise ArgumentError, 'always fails'
  end
end

# Fails on its first run, succeeds on the second: after_perform deletes the key.
class RetryFlakyJob
  extend Resque::Plugins::Retry
  @queue = :retryq
  @retry_limit = 3
  def self.perform(*_args)
    raise ArgumentError, 'first run fails' if retry_attempt.zero?
  end
end

# ExponentialBackoff with a table and a key expiry: EXPIRE after every INCR.
class RetryBackoffJob
  extend Resque::Plugins::ExponentialBackoff
  @queue = :retryq
  @backoff_strategy = [0, 10, 100]
  @expire_retry_key_after = 3600
  def self.perform(*_args)
    raise ArgumentError, 'always fails'
  end
end

# Only Timeout::Error retries; the args decide what is raised.
class RetryFilterJob
  extend Resque::Plugins::Retry
  @queue = :retryq
  @retry_limit = 1
  @retry_exceptions = [Timeout::Error]
  def self.perform(kind)
    raise Timeout::Error, 'slow' if kind == 'timeout'

    raise ArgumentError, 'bad'
  end
end

# ArgumentError gives up at once; anything else retries.
class RetryFatalJob
  extend Resque::Plugins::Retry
  @queue = :retryq
  @retry_limit = 1
  @fatal_exceptions = [ArgumentError]
  def self.perform(kind)
    raise Timeout::Error, 'slow' if kind == 'timeout'

    raise ArgumentError, 'bad'
  end
end

# An ignored exception does not use up an attempt (DECR): the first run raises one, later runs ArgumentError
# (the run count lives in Redis, outside the keys the replay compares).
class RetryIgnoreJob
  extend Resque::Plugins::Retry
  @queue = :retryq
  @retry_limit = 1
  @ignore_exceptions = [Timeout::Error]
  def self.perform(*_args)
    raise Timeout::Error, 'slow' if Resque.redis.incr('ignore-runs') == 1

    raise ArgumentError, 'bad'
  end
end

# Classes for the identifier table.
class RetryKeyJob
  extend Resque::Plugins::Retry
end

module Billing
  # A namespaced class name.
  class Invoice
    extend Resque::Plugins::Retry
  end
end

# --------------------------------------------------------------------------------------------------- redis

def free_port
  s = TCPServer.new('127.0.0.1', 0)
  s.addr[1]
ensure
  s&.close
end

PORT = free_port
REDIS_PID = spawn('redis-server', '--port', PORT.to_s, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
                  out: File::NULL)
at_exit do
  Process.kill('TERM', REDIS_PID)
  Process.wait(REDIS_PID)
end
URL = "redis://127.0.0.1:#{PORT}/0"
50.times do
  break if (Redis.new(url: URL).ping rescue nil) == 'PONG'

  sleep 0.1
end
RAW = Redis.new(url: URL)
Resque.redis = Redis::Namespace.new('resque', redis: Redis.new(url: URL))
ENV['FORK_PER_JOB'] = 'false'

# --------------------------------------------------------------------------------------------------- recording

def ruby_repr(s)
  # What Redis's MONITOR (sdscatrepr) prints for one argument.
  out = +'"'
  s.b.each_byte do |b|
    out << case b
           when 0x5c then '\\\\'
           when 0x22 then '\\"'
           when 0x0a then '\\n'
           when 0x0d then '\\r'
           when 0x09 then '\\t'
           when 0x07 then '\\a'
           when 0x08 then '\\b'
           else (b >= 0x20 && b < 0x7f ? b.chr : format('\\x%02x', b))
           end
  end
  out << '"'
end

def dump_state
  out = +''
  RAW.keys('resque:*').sort.each do |key|
    type = RAW.type(key)
    ttl = RAW.ttl(key)
    out << "KEY #{key}  TYPE #{type}#{ttl >= 0 ? "  TTL #{ttl}" : ''}\n"
    case type
    when 'string' then out << "  = #{RAW.get(key)}\n"
    when 'list' then RAW.lrange(key, 0, -1).each_with_index { |v, i| out << "  [#{i}] #{v}\n" }
    when 'set' then RAW.smembers(key).sort.each { |m| out << "  * #{m}\n" }
    when 'hash' then RAW.hgetall(key).sort.each { |f, v| out << "  #{f} => #{v}\n" }
    when 'zset' then RAW.zrange(key, 0, -1, with_scores: true).each { |m, s| out << "  #{s.to_f} -> #{m}\n" }
    end
  end
  out
end

def record(scenario)
  RAW.flushdb
  lines = []
  marker = "monitor-end-#{scenario}"
  ready = Queue.new
  monitor = Thread.new do
    Redis.new(url: URL).monitor do |line|
      ready << true if lines.empty? && line == 'OK'
      break if line.include?(marker)

      lines << line unless line == 'OK'
    end
  end
  Timeout.timeout(5) { ready.pop }
  yield
  RAW.echo(marker)
  monitor.join(10)
  FileUtils.mkdir_p(File.join(OUT, 'monitor'))
  FileUtils.mkdir_p(File.join(OUT, 'state'))
  File.write(File.join(OUT, 'monitor', "#{scenario}.txt"), lines.map { |l| "#{l}\n" }.join)
  File.write(File.join(OUT, 'state', "#{scenario}.txt"), dump_state)
  warn "recorded #{scenario}: #{lines.size} commands"
end

def step(label)
  RAW.echo("---- #{label} ----")
end

WORKER = Resque::Worker.new('retryq')

def run_one(label)
  step(label)
  WORKER.work_one_job or raise "no job for #{label}"
end

def move_delayed(label)
  step(label)
  ts = Resque.next_delayed_timestamp(NOW + 100_000) or raise "nothing delayed for #{label}"
  Resque::Scheduler.enqueue_delayed_items_for_timestamp(ts)
end

ARGS = [1, 'two', { 'three' => 3.5, 'é' => [nil, true] }].freeze

record('retry_fixed_delay') do
  step('enqueue')
  Resque.enqueue(RetryFixedJob, *ARGS)
  run_one('attempt 0')
  move_delayed('move 1')
  run_one('attempt 1')
  move_delayed('move 2')
  run_one('attempt 2')
end

record('retry_zero_delay') do
  step('enqueue')
  Resque.enqueue(RetryNowJob, 'x', 2.5)
  run_one('attempt 0')
  run_one('attempt 1')
end

record('retry_success_cleanup') do
  step('enqueue')
  Resque.enqueue(RetryFlakyJob, { 'id' => 7 })
  run_one('attempt 0')
  run_one('attempt 1')
end

record('retry_backoff_expire') do
  step('enqueue')
  Resque.enqueue(RetryBackoffJob, 42)
  run_one('attempt 0')
  run_one('attempt 1')
  move_delayed('move 1')
  run_one('attempt 2')
  move_delayed('move 2')
  run_one('attempt 3')
end

record('retry_exception_filter') do
  step('enqueue')
  Resque.enqueue(RetryFilterJob, 'other')
  run_one('attempt 0')
  step('enqueue timeout')
  Resque.enqueue(RetryFilterJob, 'timeout')
  run_one('timeout attempt 0')
  run_one('timeout attempt 1')
end

record('retry_fatal_exception') do
  step('enqueue')
  Resque.enqueue(RetryFatalJob, 'other')
  run_one('attempt 0')
  step('enqueue timeout')
  Resque.enqueue(RetryFatalJob, 'timeout')
  run_one('timeout attempt 0')
  run_one('timeout attempt 1')
end

record('retry_ignored_exception') do
  step('enqueue')
  Resque.enqueue(RetryIgnoreJob, 'x')
  run_one('attempt 0 (ignored)')
  run_one('attempt 0')
  run_one('attempt 1')
end

record('retry_no_args') do
  step('enqueue')
  Resque.enqueue(RetryNowJob)
  run_one('attempt 0')
  run_one('attempt 1')
end

# The failure backend that keeps retried attempts out of `failed` (not mirrored by resque4j yet: recorded so the
# hook it needs can be specified exactly).
record('retry_suppressed_failures') do
  Resque::Failure::MultipleWithRetrySuppression.classes = [Resque::Failure::Redis]
  Resque::Failure.backend = Resque::Failure::MultipleWithRetrySuppression
  begin
    step('enqueue')
    Resque.enqueue(RetryFixedJob, *ARGS)
    run_one('attempt 0')
    move_delayed('move 1')
    run_one('attempt 1')
    move_delayed('move 2')
    run_one('attempt 2')
  ensure
    Resque::Failure.backend = Resque::Failure::Redis
  end
end

# --------------------------------------------------------------------------------------------------- identifiers

# Hand-picked awkward argument lists (as JSON, the way a payload carries them), then seeded random ones.
AWKWARD = <<~'JSON'.lines.map(&:chomp).reject(&:empty?)
  []
  [""]
  [null]
  [[]]
  [[], []]
  [1, [], 2]
  [1, [2, [3, [4]]], "x"]
  [1, "two", {"three": 3}]
  [1.0, 1e20, -0.0, 0.1, 1e-5, 1e400, -1e400]
  [1e15, 1e16, 1234567890123456.7, 123456789.123456789, 5e-324, 1.7976931348623157e308, 0.0001, 0.00001]
  [9007199254740993, 18446744073709551617, -0, -1, 0]
  [true, false, null, "null", "true"]
  ["a-b", "c", "a", "b-c"]
  ["é", "😀", "\u2028", "\u0085", "\u00a0", "\u200b", "\ufeff", "\ue000", "\u0378", "e\u0301"]
  ["\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u001f\u007f", "\"quoted\" \\back\\slash"]
  [{"a": "é\n\"#{x}#$y#@z#w\u0001\u007f\u2028\u00a0😀"}]
  [{"": "", "k": {}, "l": [], "m": [[]]}]
  [{"n": [1.5, null, true, false, {"x": []}, [1, [2]], 1e20, -0.0, 18446744073709551617]}]
  [{"é": {"😀": {"\u2028": ["\u0085", "\u0378", "\ud7ff", "\uffff", "\ud83d\ude00"]}}}]
  [{"b": 1, "a": 2, "b": 3}]
  [{"tab\there": "new\nline", "cr\r": "\u000b\f\u001b\u0007\b"}]
  [{"hash": "#", "hash2": "##{", "hash3": "#a", "end": "#"}]
  [" leading", "trailing ", " "]
  [[{"a": 1}], [[{"b": [2]}]]]
  ["a", {"b": "c"}, ["d", {"e": ["f"]}]]
  [{"u\u0301": "\u1f600"}]
JSON

def random_value(rng, depth)
  kinds = depth > 2 ? 6 : 8
  case rng.rand(kinds)
  when 0 then rng.rand(-1_000_000..1_000_000)
  when 1 then [0.1, 1.0e20, -0.0, 1.5, 1e-7, 3.14159, 2.0**70, 123.456e-10][rng.rand(8)] * (rng.rand(2).zero? ? 1 : -1)
  when 2 then random_string(rng)
  when 3 then [true, false, nil][rng.rand(3)]
  when 4 then rng.rand(2**70) * 1000
  when 5 then random_string(rng)
  when 6 then Array.new(rng.rand(4)) { random_value(rng, depth + 1) }
  else Array.new(rng.rand(4)) { [random_string(rng), random_value(rng, depth + 1)] }.to_h
  end
end

POOL = ["a", "-", "#", "{", "$", "@", "\"", "\\", "\n", "\t", "\u0001", "\u007f", "é", "ß", "😀", "\u2028", "\u0085",
        "\u00a0", "\u0378", "\u200b", " ", "=>", "\u001b", "\u3000", "\u{10FFFF}", "\u{1F1E6}", "\u0600", "\u061c"].freeze

def random_string(rng)
  Array.new(rng.rand(6)) { POOL[rng.rand(POOL.size)] }.join
end

rng = Random.new(20_240_901)
RANDOM = Array.new(400) { Array.new(rng.rand(1..4)) { random_value(rng, 0) } }.map { |a| JSON.generate(a) }

def keys_for(json)
  args = JSON.parse(json)
  [RetryKeyJob, Billing::Invoice].map { |k| [k.name, json, k.redis_retry_key(*args)] }
end

rows = (AWKWARD + RANDOM).flat_map { |j| keys_for(j) }
utf8 = rows.map(&:last)
old_verbose = $VERBOSE
$VERBOSE = nil
Encoding.default_external = Encoding::US_ASCII
ascii = (AWKWARD + RANDOM).flat_map { |j| keys_for(j) }.map(&:last)
Encoding.default_external = Encoding::UTF_8
$VERBOSE = old_verbose
File.open(File.join(OUT, 'identifiers.tsv'), 'w') do |f|
  f << "# ruby #{RUBY_VERSION}, resque-retry #{ResqueRetry::VERSION}, json #{JSON::VERSION}; " \
       "columns: class, args (the JSON text JSON.parse read), redis_retry_key with Encoding.default_external " \
       "UTF-8, the same with US-ASCII (a worker started under LANG=C)\n"
  rows.each_with_index do |(klass, json, key), i|
    f << [klass, json, key, ascii[i]].join("\t") << "\n"
  end
end
warn "recorded identifiers.tsv: #{rows.size} rows"

# --------------------------------------------------------------------------------------------------- inspect

ranges = []
start = nil
last = nil
(0..0x10FFFF).each do |cp|
  next if cp.between?(0xD800, 0xDFFF)

  s = [cp].pack('U')
  if s.inspect == "\"#{s}\""
    if start
      ranges << [start, last]
      start = nil
    end
  else
    start ||= cp
    last = cp
  end
end
ranges << [start, last] if start
File.open(File.join(OUT, 'inspect_escaped.txt'), 'w') do |f|
  f << "# ruby #{RUBY_VERSION} (Unicode #{RbConfig::CONFIG['UNICODE_VERSION']}), Encoding.default_external UTF-8: " \
       "code points (hex, inclusive ranges, surrogates never tested) whose String#inspect is not the raw character\n"
  ranges.each { |a, b| f << format("%X %X\n", a, b) }
end
warn "recorded inspect_escaped.txt: #{ranges.size} ranges"
