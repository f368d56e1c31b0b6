# frozen_string_literal: true
#
# ActiveJob (Rails 6.1, Debian ruby-activejob 6.1.7) on the Resque adapter, for the resque4j ActiveJob interop:
#   * the job classes a Ruby worker runs (DescribeJob, KeywordJob, Admin::CleanupJob), each recording what it
#     received, after ActiveJob deserialized it, into "<ns>:interop:activejob" as one JSON line;
#   * CASES: the representative argument sets, shared by compat/tools/record_activejob.rb (which recorded
#     compat/activejob/) and scripts/activejob_driver.rb (which enqueues them live);
#   * ActiveJobFixtures.describe: a typed, JSON-able dump of a Ruby value, the form Java's decoder is checked against.
#
# Load with ActiveJobFixtures.load! after MultiJson.use, Resque and resque-scheduler are required.

require 'json'
require 'logger'

module ActiveJobFixtures
  # Redis list (namespaced) the jobs write their observations to.
  RESULT_KEY = 'interop:activejob'
  # GlobalID.app of the fixtures, so gid:// URIs are stable.
  GID_APP = 'resque4j-compat'

  # Loads ActiveSupport (all of it, as a Rails app does unless config.active_support.bare, so that JSON encoding
  # goes through ActiveSupport's encoder as in Rails) and ActiveJob with Rails 6.1's own Resque adapter.
  #
  # resque 3.0's lib/ also contains active_job/queue_adapters/resque_adapter.rb, written for newer Rails (it
  # subclasses ActiveJob::QueueAdapters::AbstractAdapter, which 6.1 lacks); with resque's lib/ first on the load
  # path ActiveJob's autoload would pick that one, so activejob's own lib/ goes first. Both enqueue the same way.
  def self.load!
    aj = Gem::Specification.find_by_name('activejob')
    $LOAD_PATH.unshift(File.join(aj.full_gem_path, 'lib'))
    require 'active_support/all'
    require 'active_job'
    require 'global_id'
    require 'active_job/queue_adapters/resque_adapter'
    ActiveJob::Base.queue_adapter = :resque
    ActiveJob::Base.logger = Logger.new(nil)
    GlobalID.app = GID_APP
    I18n.available_locales = %i[en de]
    I18n.default_locale = :en
    I18n.locale = :en
    Time.zone_default = Time.find_zone!('UTC') # a Rails app's default config.time_zone
    Time.zone = 'UTC'
    require_relative 'active_job_classes'
  end

  # Runs the block with I18n.locale and Time.zone set as a Rails request would.
  def self.with_locale_and_zone(locale, zone, &block)
    I18n.with_locale(locale) { Time.use_zone(zone, &block) }
  end

  # A typed dump of a value: [type, ...]. Times are written with nanoseconds, hashes as [key, value] pairs in order.
  def self.describe(value)
    case value
    when nil then ['nil']
    when true, false then ['bool', value]
    when Integer then ['Integer', value.to_s]
    when Float then ['Float', value.to_s]
    when BigDecimal then ['BigDecimal', value.to_s('F')]
    when String then ['String', value]
    when Symbol then ['Symbol', value.to_s]
    when ActiveSupport::TimeWithZone then ['TimeWithZone', value.iso8601(9), value.time_zone.name]
    when DateTime then ['DateTime', value.iso8601(9)]
    when Time then ['Time', value.iso8601(9)]
    when Date then ['Date', value.iso8601]
    when ActiveSupport::Duration
      ['Duration', describe(value.value), value.parts.map { |k, v| [k.to_s, describe(v)] }]
    when Module then ['Module', value.name]
    when GlobalID::Identification then ['GlobalID', value.to_global_id.to_s]
    when ActiveSupport::HashWithIndifferentAccess
      ['HashWithIndifferentAccess', value.map { |k, v| [describe(k), describe(v)] }]
    when Hash then ['Hash', Hash.ruby2_keywords_hash?(value), value.map { |k, v| [describe(k), describe(v)] }]
    when Array then ['Array', value.map { |v| describe(v) }]
    else ['Other', value.class.name, value.inspect]
    end
  end

  # name => { job:, set: (options for Job.set), args: lambda returning [positional args, keyword args],
  #           around: optional lambda wrapping the enqueue, retries: true when the first run re-enqueues the job }
  # Every JSON type, symbol/string/indifferent hashes, keyword arguments (ruby2_keywords), GlobalIDs and every
  # serializer Rails 6.1 ships (Symbol, Time, DateTime, Date, TimeWithZone, Duration, Module), BigDecimal (a
  # "permitted" type in 6.1: no serializer, it is written as a JSON string), nesting, delays and queue/priority.
  def self.cases
    @cases ||= {
      'no_arguments' => { job: 'DescribeJob', args: -> { [[], {}] } },
      'json_scalars' => {
        job: 'DescribeJob',
        args: lambda {
          [[0, 1, -42, 2**31, 2**63 - 1, 2**64 + 1, -(2**70), 2.5, -0.0, 0.1, 1.0e15, 1.0e20, 1.5e-07, 100.0,
            'plain', '', 'a<b>&c "q" \\ /', "tab\tnl\nctl\u0001", "ls\u2028ps\u2029", 'é 日本 😀', nil, true, false],
           {}]
        }
      },
      'arrays' => { job: 'DescribeJob', args: -> { [[[], [1, [2, [3, nil]]], ['a', [], [[]]]], {}] } },
      'symbol_keys' => {
        job: 'DescribeJob',
        args: lambda {
          [[{ a: 1, 'b' => 2, c: { d: [1, { e: nil }] } }, { sym: :value }], {}]
        }
      },
      'string_keys' => {
        job: 'DescribeJob',
        args: -> { [[{ 'x' => 1, 'y' => { 'z' => [2, {}] } }, {}, { 'with space' => 'v', '' => 'empty key' }], {}] }
      },
      'indifferent_hash' => {
        job: 'DescribeJob',
        args: -> { [[ActiveSupport::HashWithIndifferentAccess.new('x' => 1, 'y' => { 'z' => :w })], {}] }
      },
      'keywords' => { job: 'KeywordJob', args: -> { [[1], { b: 2, c: 'three' }] } },
      'keywords_after_hash' => { job: 'DescribeJob', args: -> { [[{ pos: 1 }, 'x'], { k: 2, 'str' => 3 }] } },
      'global_ids' => {
        job: 'DescribeJob',
        args: lambda {
          [[Person.new(7), Person.new('a b/c~*é+%'), Admin::Account.new(3), [Person.new(1)], { owner: Person.new(2) }],
           {}]
        }
      },
      'symbols_modules' => {
        job: 'DescribeJob',
        args: -> { [[:sym, :'with space', :"é", String, Comparable, ActiveSupport::Duration], {}] }
      },
      'times' => {
        job: 'DescribeJob',
        args: lambda {
          [[Time.utc(2023, 11, 14, 22, 13, 20.123456789r), Time.utc(2023, 11, 14, 22, 13, 20),
            Time.new(2023, 6, 1, 12, 0, 0, '+05:30'), Time.new(1969, 12, 31, 23, 59, 59.5r, '-00:30'),
            DateTime.new(2023, 1, 2, 3, 4, 5.25r, '-07:00'), DateTime.new(2023, 1, 2, 3, 4, 5),
            Date.new(2024, 2, 29), Date.new(1, 1, 1),
            Time.find_zone('America/New_York').local(2023, 7, 4, 9, 30, 0.5r),
            Time.find_zone('Europe/London').local(2023, 1, 15, 8, 0), Time.zone.local(2020, 2, 29)],
           {}]
        }
      },
      'durations' => {
        job: 'DescribeJob',
        args: lambda {
          [[1.hour + 2.minutes, 3.days, 1.month, 2.weeks, 1.year, 1.5.hours, 90.seconds, 0.seconds,
            -(2.days), 1.year + 2.months + 3.5.seconds, ActiveSupport::Duration.build(3720)],
           {}]
        }
      },
      'big_decimals' => {
        job: 'DescribeJob',
        args: -> { [[BigDecimal('1.10'), BigDecimal('-100'), BigDecimal('1e-10'), BigDecimal('12345678901234567890.5')], {}] }
      },
      'non_finite_floats' => { job: 'DescribeJob', args: -> { [[Float::NAN, Float::INFINITY, -Float::INFINITY], {}] } },
      'nested_mixed' => {
        job: 'DescribeJob',
        args: lambda {
          [[[{ a: :b }, [Time.utc(2024, 1, 1), Person.new(9)], { 's' => Date.new(2024, 1, 1), t: 1.day }], nil,
            { list: [{ deep: { deeper: [:x] } }] }],
           { opt: [1, { nested: true }] }]
        }
      },
      'queue_and_priority' => { job: 'DescribeJob', set: { queue: :critical, priority: 10 }, args: -> { [['x'], {}] } },
      'namespaced_job' => { job: 'Admin::CleanupJob', args: -> { [[42], { dry_run: true }] } },
      'locale_and_zone' => {
        job: 'DescribeJob',
        around: ->(enqueue) { with_locale_and_zone(:de, 'Europe/Berlin', &enqueue) },
        args: -> { [[Time.zone.local(2024, 7, 1, 12, 0)], {}] }
      },
      'delayed_wait' => { job: 'DescribeJob', set: { wait: 3600 }, args: -> { [['later', { a: 1 }], {}] } },
      'delayed_wait_until' => {
        job: 'DescribeJob', set: { wait_until: Time.at(2_000_000_000.75r).utc, queue: :later },
        args: -> { [[Person.new(5), :s], { at: Date.new(2033, 5, 18) }] }
      },
      # The first run fails and ActiveJob re-enqueues it (the recorder keeps that retry payload too).
      'retry_on' => { job: 'RetryOnceJob', args: -> { [['x', { n: 1 }], {}] }, retries: true },
      'delayed_in_the_past' => { job: 'DescribeJob', set: { wait_until: Time.at(1_000_000_000).utc }, args: -> { [[1], {}] } }
    }
  end

  # Enqueues a case with perform_later (through Job.set when the case has options) and returns the job.
  def self.enqueue_case(name)
    spec = cases.fetch(name) { raise ArgumentError, "unknown case #{name}" }
    enqueue = lambda do
      klass = Object.const_get(spec[:job])
      target = spec[:set] ? klass.set(spec[:set]) : klass
      positional, keywords = spec[:args].call
      keywords.empty? ? target.perform_later(*positional) : target.perform_later(*positional, **keywords)
    end
    spec[:around] ? spec[:around].call(enqueue) : enqueue.call
  end
end
