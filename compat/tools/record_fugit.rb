#!/usr/bin/env ruby
# frozen_string_literal: true
#
# Records what real fugit / rufus-scheduler answer for the expression table at the end of this file
# (after __END__), as the golden data that io.github.resque4j.cron.FugitGoldenTest replays.
#
#   TZ=UTC ruby compat/tools/record_fugit.rb > compat/fugit/next_times.tsv
#
# Output: one tab-separated line per (expression, default zone, start instant); see compat/fugit/README.md.
#
# How each cron row is computed (this is exactly what rufus-scheduler 3.8 does for a `cron` job):
#   * the process-local zone of the scheduler is the row's default zone: ENV['TZ'] is set to it while the row
#     is computed (et-orbi reads ENV['TZ'] for the local zone, Ruby's Time.parse uses it too);
#   * `from` is an EtOrbi::EoTime in that local zone (what EoTime.now is in such a process);
#   * Fugit::Cron.parse(expression) (what Fugit::Cron.do_parse does, minus the raise on nil);
#   * the next COUNT times are chained: t1 = next_time(from), t2 = next_time(t1), ... as
#     Rufus::Scheduler::RepeatJob#next_times does.
# Each `every` row records Fugit::Duration.parse(s).to_sec and what Rufus::Scheduler#every (the call
# resque-scheduler makes, with a default Rufus::Scheduler.new, frequency 0.3 s) accepts.

require 'json'
require 'time'
require 'fugit'
require 'rufus-scheduler'

abort 'run me with TZ=UTC in the environment' unless ENV['TZ'] == 'UTC'

COUNT = 5

def iso(t)
  off = t.utc_offset
  sign = off < 0 ? '-' : '+'
  off = off.abs
  format('%s%s%02d:%02d', t.strftime('%Y-%m-%dT%H:%M:%S'), sign, off / 3600, (off % 3600) / 60)
end

def with_tz(zone)
  ENV['TZ'] = zone
  yield
ensure
  ENV['TZ'] = 'UTC'
end

def one_line(s)
  s.to_s.gsub(/[\t\r\n]/, ' ')
end

def emit(cols)
  puts cols.join("\t")
end

def record_cron(expr, dzone, starts, note)
  with_tz(dzone) do
    cron =
      begin
        Fugit::Cron.parse(expr)
      rescue StandardError => e
        emit(['cron', expr.to_json, dzone, '-', 'error', one_line("#{e.class}: #{e.message}"), note])
        next
      end
    unless cron
      emit(['cron', expr.to_json, dzone, '-', 'invalid', '', note])
      next
    end
    starts.each do |start|
      from = EtOrbi::EoTime.new(Time.iso8601(start).to_f, nil) # nil: the process-local zone, like EoTime.now
      fail "local zone is #{from.zone.name}, not #{dzone}" unless from.zone.name == dzone
      times = []
      err = nil
      COUNT.times do
        begin
          from = cron.next_time(from)
          times << iso(from)
        rescue StandardError => e
          err = one_line("#{e.class}: #{e.message}")
          break
        end
      end
      if err
        emit(['cron', expr.to_json, dzone, start, 'next_error', (times + ["!#{err}"]).join(' '), note])
      else
        emit(['cron', expr.to_json, dzone, start, 'ok', times.join(' '), note])
      end
    end
  end
end

def ruby_num(v)
  "#{v.is_a?(Float) ? 'float' : 'int'} #{v}"
end

def record_every(sched, str, note)
  fugit =
    begin
      d = Fugit::Duration.parse(str)
      d ? ruby_num(d.to_sec) : 'nil'
    rescue StandardError => e
      one_line("error #{e.class}: #{e.message}")
    end
  rufus =
    begin
      job = sched.every(str, job: true) {}
      f = job.frequency
      job.unschedule
      "ok #{ruby_num(f)}"
    rescue StandardError => e
      one_line("error #{e.class}: #{e.message}")
    end
  emit(['every', str.to_json, fugit, rufus, note])
end

starts = {}
rows = DATA.read.lines.map(&:chomp).reject { |l| l.strip.empty? || l.start_with?('#') }

puts "# Golden data: fugit #{Fugit::VERSION} (raabro #{Raabro::VERSION}), et-orbi #{EtOrbi::VERSION}, " \
     "tzinfo #{TZInfo::VERSION} (#{TZInfo::DataSource.get.class.name.split('::').last}, " \
     "#{File.foreach('/usr/share/zoneinfo/tzdata.zi').first.to_s.strip.sub(/\A# /, 'tzdata ')}), " \
     "rufus-scheduler #{Rufus::Scheduler::VERSION}, ruby #{RUBY_VERSION}"
puts '# Written by compat/tools/record_fugit.rb (TZ=UTC); do not edit by hand. Columns: see compat/fugit/README.md'
puts "# cron\texpression(JSON)\tdefault_zone\tstart\toutcome\tvalues\tresque4j"
puts "# every\ttext(JSON)\tfugit_to_sec\trufus_every\tresque4j"

sched = Rufus::Scheduler.new
rows.each do |line|
  cols = line.split("\t")
  case cols[0]
  when 'starts'
    starts[cols[1]] = cols[2].split(' ')
  when 'cron'
    expr = JSON.parse("[#{cols[1]}]").first
    list = cols[3].split(',').flat_map { |n| starts.fetch(n) { n.include?('T') ? [n] : fail("no start set #{n}") } }
    record_cron(expr, cols[2], list, cols[4] || 'same')
  when 'every'
    record_every(sched, JSON.parse("[#{cols[1]}]").first, cols[2] || 'same')
  else
    fail "bad table line: #{line.inspect}"
  end
end
sched.shutdown

# The table: tab-separated.
#   starts <name> <ISO instants separated by spaces>
#   cron   <expression as a JSON string> <default zone> <start set names or ISO instants, comma-separated> [resque4j note]
#   every  <text as a JSON string> [resque4j note]
# The optional note is `refuse: <why>` where resque4j deliberately refuses what fugit accepts.
__END__
starts	GEN	2025-11-24T16:00:00Z 2024-02-27T23:59:59Z 2025-12-31T23:59:30Z 2025-06-15T08:29:59.750Z
starts	ONE	2025-11-24T16:00:00Z
starts	LEAP	2024-02-27T23:59:59Z 2027-03-01T00:00:00Z
starts	US	2025-03-09T06:30:00Z 2025-03-09T06:59:59Z 2025-11-02T04:00:00Z 2025-11-02T05:30:00Z
starts	EU	2025-03-30T00:30:00Z 2025-03-30T00:59:59Z 2025-10-26T00:30:00Z 2025-10-26T00:59:59Z
starts	MONTHEND	2024-03-25T12:00:00Z 2021-10-25T12:00:00Z 2030-03-20T12:00:00Z
starts	HAVANA	2025-03-07T12:00:00Z 2025-10-31T12:00:00Z
starts	CHILE	2025-04-04T12:00:00Z 2025-09-05T12:00:00Z
# --- plain 5-field
cron	"* * * * *"	UTC	GEN
cron	"*/5 * * * *"	UTC	GEN
cron	"*/15 * * * *"	UTC	GEN
cron	"0 * * * *"	UTC	GEN
cron	"30 2 * * *"	UTC	GEN
cron	"0 0 * * *"	UTC	GEN
cron	"15,45 9-17 * * *"	UTC	GEN
cron	"0 9-17/2 * * mon-fri"	UTC	GEN
cron	"0 9 * * MON-FRI"	UTC	GEN
cron	"0 0 1 JAN *"	UTC	GEN
cron	"0 0 1 jan,jul *"	UTC	GEN
cron	"0 12 * FEB-APR sun"	UTC	GEN
cron	"5 4 * * sun"	UTC	GEN
cron	"0 0 * * 0"	UTC	GEN
cron	"0 0 * * 7"	UTC	GEN
cron	"0 0 * * 0,7"	UTC	ONE
cron	"0 0 * * 5-1"	UTC	ONE
cron	"0 0 * * 5-1/2"	UTC	ONE
cron	"0 0 * * 1/2"	UTC	ONE
cron	"0 0 * * */2"	UTC	ONE
cron	"0 0 * * *,1"	UTC	ONE
cron	"*,1 * * * *"	UTC	ONE
cron	"50-10 * * * *"	UTC	ONE
cron	"0 22-2 * * *"	UTC	ONE
cron	"0 24 * * *"	UTC	ONE
cron	"0-24 * * * *"	UTC	ONE
cron	"/15 * * * *"	UTC	ONE
cron	"5/15 * * * *"	UTC	ONE
cron	"10-40/7 */6 * * *"	UTC	ONE
cron	"00 09 01 01 *"	UTC	ONE
cron	"0\t0 * * *"	UTC	ONE
cron	"0   0  * * *"	UTC	ONE
cron	"0 0 1 */3 *"	UTC	GEN
cron	"0 0 1 1-12/4 *"	UTC	ONE
cron	"0 0 31 1-12/2 *"	UTC	GEN
cron	"59 23 31 12 *"	UTC	GEN
cron	"0 12 * 11-2 *"	UTC	ONE
# --- last day / negative day of month
cron	"0 0 L * *"	UTC	GEN
cron	"0 0 -1 * *"	UTC	GEN
cron	"0 0 -3 * *"	UTC	GEN
cron	"0 0 -5--1 * *"	UTC	ONE
cron	"0 0 last * *"	UTC	ONE
cron	"0 0 1-L * *"	UTC	ONE
cron	"0 0 15,L * *"	UTC	ONE
cron	"0 0 L 2 *"	UTC	LEAP
# --- leap days, month ends
cron	"0 0 29 2 *"	UTC	LEAP
cron	"0 0 31 * *"	UTC	GEN
cron	"0 0 30,31 2,4 *"	UTC	ONE
cron	"0 0 29 2 1"	UTC	LEAP
# --- both day fields restricted: OR
cron	"0 0 1,15 * 5"	UTC	GEN
cron	"30 4 1,15 * 5"	UTC	ONE
cron	"0 0 13 * fri"	UTC	ONE
cron	"0 0 1-7 * mon"	UTC	ONE
cron	"0 0 1-31 * mon"	UTC	ONE
cron	"0 0 L * sat"	UTC	ONE
# --- hash (nth weekday) and modulo (fugit extension)
cron	"0 0 * * mon#1"	UTC	GEN
cron	"0 0 * * fri#-1"	UTC	ONE
cron	"0 0 * * sun#L"	UTC	ONE
cron	"0 0 * * 5#5"	UTC	ONE
cron	"0 0 * * mon#1,mon#3"	UTC	ONE
cron	"0 0 * * mon,mon#2"	UTC	ONE
cron	"0 0 * * mon#2,wed#-2"	UTC	ONE
cron	"0 0 * 2 mon#5"	UTC	2017-01-01T00:00:00Z
cron	"0 0 * * tue%2"	UTC	ONE
cron	"0 0 * * tue%2+1"	UTC	ONE
cron	"0 0 * * tue%3,fri%2+1"	UTC	ONE
cron	"0 0 * * mon%99999999999"	UTC	ONE	refuse: modulo does not fit a Java int
cron	"0 0 * * mon%0"	UTC	ONE
cron	"0 0 * * 7#2"	UTC	ONE
# --- seconds (6 fields)
cron	"*/10 * * * * *"	UTC	GEN
cron	"0 */15 * * * *"	UTC	ONE
cron	"30 0 9 * * *"	UTC	ONE
cron	"15-20/2 * * * * *"	UTC	ONE
cron	"59 59 23 31 12 *"	UTC	GEN
cron	"* * * * * *"	UTC	2025-06-15T08:29:59.750Z
cron	"0 0 0 * * *"	UTC	ONE
# --- specials
cron	"@yearly"	UTC	GEN
cron	"@annually"	UTC	ONE
cron	"@monthly"	UTC	GEN
cron	"@weekly"	UTC	GEN
cron	"@daily"	UTC	ONE
cron	"@midnight"	UTC	ONE
cron	"@hourly"	UTC	ONE
cron	"@noon"	UTC	ONE
cron	"@hourly"	America/New_York	US
cron	"@daily"	Europe/Berlin	EU
# --- time zones in the expression, DST
cron	"0 9 * * * America/New_York"	UTC	GEN,US
cron	"0 9 * * * America/New_York"	America/New_York	US
cron	"30 2 * * * America/New_York"	UTC	US
cron	"30 2 * * * America/New_York"	America/New_York	US
cron	"30 1 * * * America/New_York"	UTC	US
cron	"30 1 * * * America/New_York"	America/New_York	US
cron	"0 * * * * America/New_York"	UTC	US
cron	"0 * * * * America/New_York"	America/New_York	US
cron	"0 4 * * * America/New_York"	UTC	US
cron	"*/30 * * * * America/New_York"	UTC	US
cron	"*/20 * * * * * America/New_York"	America/New_York	2025-11-02T05:59:00Z
cron	"0 30 1 * * * America/New_York"	America/New_York	US
cron	"30 2 * * * Europe/Berlin"	UTC	EU
cron	"30 2 * * * Europe/Berlin"	Europe/Berlin	EU
cron	"0 * * * * Europe/Berlin"	Europe/Berlin	EU
cron	"0 2 * * * Europe/Berlin"	UTC	EU
cron	"0 0 * * * Europe/Berlin"	America/New_York	EU,US
cron	"0 30 8 * * mon-fri Europe/London"	UTC	GEN,EU
cron	"0 12 L * * Europe/Berlin"	UTC	MONTHEND
cron	"0 12 L * * America/New_York"	UTC	MONTHEND
cron	"0 12 * * * America/Havana"	UTC	HAVANA
cron	"0 0 * * * America/Havana"	UTC	HAVANA
cron	"0 12 * * * America/Santiago"	UTC	CHILE
cron	"0 12 * * sun America/Havana"	UTC	HAVANA
cron	"0 12 * * sun America/Santiago"	UTC	CHILE
cron	"30 2 * * sun America/New_York"	UTC	US
cron	"0 12 * * 1-5 Australia/Lord_Howe"	UTC	2025-04-04T12:00:00Z,2025-10-03T12:00:00Z
cron	"0 12 * * * Australia/Lord_Howe"	UTC	2025-04-04T12:00:00Z,2025-10-03T12:00:00Z
cron	"0 9 * * * Asia/Kolkata"	UTC	ONE
cron	"0 12 * 10 * America/Asuncion"	UTC	2023-09-15T12:00:00Z,2023-10-02T12:00:00Z
cron	"0 12 1 * * America/Asuncion"	UTC	2023-09-15T12:00:00Z
cron	"0 12 * * * America/Asuncion"	UTC	2023-09-29T12:00:00Z
cron	"0 9 * * * Asia/Tokyo"	America/New_York	ONE
cron	"0 9 * * * UTC"	Europe/Berlin	ONE
cron	"0 9 * * * Etc/GMT+5"	UTC	ONE
cron	"0 9 * * * America/Argentina/Buenos_Aires"	UTC	ONE
cron	"0 9 * * * EST5EDT"	UTC	US
cron	"0 9 * * * CST5CDT"	UTC	ONE
cron	"0 9 * * * UTC-11"	UTC	ONE
cron	"0 9 * * * UTC+12"	UTC	ONE
cron	"0 9 * * * America/New_Yorkxx"	UTC	ONE
cron	"0 9 * * * Europe/Berlin2"	UTC	ONE
cron	"0 9 * * * EST"	UTC	ONE
cron	"0 9 * * * Zulu"	UTC	ONE
cron	"0 9 * * * US/Pacific"	UTC	ONE
cron	"0 9 * * * +05:30"	UTC	ONE
cron	"0 9 * * * +0530"	UTC	ONE
cron	"0 9 * * * -11:45"	UTC	ONE
cron	"0 9 * * * -00:30"	UTC	ONE
cron	"0 9 * * * +00:00"	Asia/Tokyo	ONE
cron	"0 9 * * * +11"	UTC	ONE
cron	"0 9 * * * GMT+1"	UTC	ONE	refuse: et-orbi resolves ABBR+-N names by searching zone abbreviations
cron	"0 9 * * * CET+1"	UTC	ONE	refuse: et-orbi resolves ABBR+-N names by searching zone abbreviations
cron	"0 9 * * * UTC+5"	UTC	ONE
cron	"0 9 * * * UTC+05"	UTC	ONE
cron	"0 9 * * * UTC+0"	America/New_York	ONE
cron	"0 9 * * * UTC-00"	UTC	ONE
cron	"0 9 * * * GMT+0"	America/New_York	ONE
cron	"0 9 * * * GMT-00"	UTC	ONE
cron	"0 9 * * * EST-5"	UTC	US	refuse: et-orbi resolves ABBR+-N names by searching zone abbreviations
cron	"0 9 * * * EST+5"	UTC	ONE	refuse: et-orbi resolves ABBR+-N names by searching zone abbreviations
cron	"0 9 * * * JST+9"	UTC	ONE	refuse: et-orbi resolves ABBR+-N names by searching zone abbreviations
cron	"0 9 * * * UTC-00:00"	UTC	ONE
cron	"0 9 * * * UTC+5x"	UTC	ONE
cron	"0 9 * * * +12:00"	UTC	ONE
cron	"0 9 * * * Mars/Olympus"	UTC	ONE
cron	"0 9 * * * SystemV/EST5"	UTC	ONE
cron	"0 9 * * * Asia/Tokyo extra"	UTC	ONE
cron	"0 9 * * * asia/tokyo"	UTC	ONE
# --- zone given by the scheduler process (no zone in the expression)
cron	"30 2 * * *"	America/New_York	US
cron	"30 1 * * *"	America/New_York	US
cron	"0 * * * *"	America/New_York	US
cron	"*/15 * * * *"	America/New_York	US
cron	"0 0 * * *"	Europe/Berlin	EU
cron	"30 2 * * *"	Europe/Berlin	EU
cron	"0 0 L * *"	Europe/Berlin	MONTHEND
cron	"0 12 * * *"	America/Havana	HAVANA
cron	"0 0 * * *"	America/Havana	HAVANA
cron	"0 12 * * *"	America/Santiago	CHILE
cron	"0 12 * * sun"	America/Havana	HAVANA
cron	"0 12 * * sun"	America/Santiago	CHILE
cron	"30 2 * * sun"	America/New_York	US
cron	"0 0 * * sat,sun"	America/Havana	HAVANA
cron	"0 12 * * sun America/Havana"	America/New_York	HAVANA
cron	"0 9 * * mon-fri"	Asia/Kolkata	GEN
# --- odd spellings fugit accepts
cron	"0 0 * * ſun"	UTC	ONE
cron	"0 0 * * ſat"	UTC	ONE
cron	"0 0 Laſt * *"	UTC	ONE
cron	"0 0 1 ſep *"	UTC	ONE
cron	"0 0 * ſep *"	UTC	ONE
cron	"0 0 * * SUN,Sat"	UTC	ONE
# --- rejected by fugit
cron	"0 0 15W * *"	UTC	ONE
cron	"0 0 ? * 1"	UTC	ONE
cron	"0 0 * * 1?"	UTC	ONE
cron	"@reboot"	UTC	ONE
cron	"@HOURLY"	UTC	ONE
cron	" @hourly"	UTC	ONE
cron	"*/0 * * * *"	UTC	ONE
cron	"10-50/0 * * * *"	UTC	ONE
cron	" * * * * *"	UTC	ONE
cron	"* * * * * "	UTC	ONE
cron	""	UTC	ONE
cron	"* * * *"	UTC	ONE
cron	"* * * * * * *"	UTC	ONE
cron	"0 0 30 2 *"	UTC	ONE
cron	"0 0 30 2 mon"	UTC	ONE
cron	"0 0 31 4,6 *"	UTC	ONE
cron	"0 9 -1-5 * *"	UTC	ONE
cron	"0 9 L-3 * *"	UTC	ONE
cron	"* * * * mon#1,mon%2"	UTC	ONE
cron	"60 * * * *"	UTC	ONE
cron	"* 25 * * *"	UTC	ONE
cron	"0 0 0 * *"	UTC	ONE
cron	"0 0 32 * *"	UTC	ONE
cron	"0 0 * 13 *"	UTC	ONE
cron	"0 0 * 0 *"	UTC	ONE
cron	"0 0 * * 8"	UTC	ONE
cron	"0 0 * * mon#6"	UTC	ONE
cron	"0 0 * * mon#0"	UTC	ONE
cron	"0 0 ſ * *"	UTC	ONE
cron	"0 0 * * frı"	UTC	ONE
cron	"0 0 * * FRİ"	UTC	ONE
cron	"0 0 * * monday"	UTC	ONE
cron	"0 0 * * 1-5/100"	UTC	ONE
cron	"*/100 * * * *"	UTC	ONE
cron	"0 0 * * 1,"	UTC	ONE
cron	"0 0 * JAN-"	UTC	ONE
cron	"0 0 1 1 * 2026"	UTC	ONE
cron	"every 5 minutes"	UTC	ONE
# --- every / durations
every	"1h30m"
every	"2d"
every	"30s"
every	"1w"
every	"1.5h"
every	"1.1h"
every	"1M"
every	"1m"
every	"1y"
every	"1Y"
every	"3 months"
every	"3 Months"
every	"1 minute"
every	"2 minutes"
every	"5mins"
every	"1 hours 2 minutes 3 seconds"
every	"2 weeks"
every	"2 days"
every	"1d12h"
every	"1h 30"
every	"30 1h"
every	"90"
every	"0.5"
every	"0.3s"
every	"0.29s"
every	"0.1s"
every	"0s"
every	"0"
every	"-1h"
every	"+1h"
every	"1h-30m"
every	"-1h30m"
every	"1h and 30m"
every	"1hand30m"
every	"1h, 30m"
every	"1h,"
every	" 1h "
every	"1 h"
every	"1.h"
every	".5h"
every	"5ss"
every	"1s1s"
every	"1.5h2h"
every	"0.0h5s"
every	"1e3s"
every	"5ſ"
every	"5ß"
every	"PT1H"
every	"pt1h"
every	"p1m"
every	"P1DT2H"
every	"PT1.5S"
every	"P1Y2M3W4DT5H6M7.5S"
every	"P-1D"
every	"P1DT-1H"
every	"P"
every	"PT"
every	"P1H"
every	""
every	"abc"
every	"1x"
every	"10000000000000000000000s"	refuse: larger than java.time.Duration
every	"0.000001s"
every	"5weeK"
every	"pt5ſ"
every	"1h\t30m"
every	"2 Weeks"
every	"2 HOURS"
every	"1.5M"
every	"0.5y"
every	"1_000s"
every	"1 mins"
every	"1 min"
every	"1MONTH"
every	"PT0.3S"
every	"P1W"
every	"P1.5D"
