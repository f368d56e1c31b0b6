# frozen_string_literal: true
#
# The ActiveJob classes and GlobalID models of the ActiveJob interop (loaded by ActiveJobFixtures.load!, after
# ActiveJob). Each job pushes one JSON line describing what it received onto "<ns>:interop:activejob".

# A GlobalID-able model without a database: find(id) gives back an instance with that id.
class Person
  include GlobalID::Identification
  attr_reader :id

  def initialize(id)
    @id = id
  end

  def self.find(id)
    new(id)
  end
end

module Admin
  # A namespaced model: its gid is gid://resque4j-compat/Admin::Account/<id>.
  class Account < Person
  end
end

# Shared by the jobs: records the job's envelope as seen inside perform, its deserialized arguments and what
# perform itself received.
module RecordsWhatItGot
  def record(perform_args, perform_kwargs)
    ActiveJobFixtures.describe(arguments) # raises on anything unexpected before we write
    line = {
      'job_class' => self.class.name, 'job_id' => job_id, 'provider_job_id' => provider_job_id,
      'queue_name' => queue_name, 'priority' => priority, 'executions' => executions,
      'exception_executions' => exception_executions, 'locale' => I18n.locale.to_s, 'time_zone' => Time.zone&.name,
      'timezone' => timezone, 'enqueued_at' => enqueued_at,
      'arguments' => ActiveJobFixtures.describe(arguments),
      'perform_args' => ActiveJobFixtures.describe(perform_args),
      'perform_kwargs' => ActiveJobFixtures.describe(perform_kwargs),
      'inspect' => arguments.inspect
    }
    Resque.redis.rpush(ActiveJobFixtures::RESULT_KEY, JSON.generate(line))
  end
end

# Takes anything.
class DescribeJob < ActiveJob::Base
  include RecordsWhatItGot
  queue_as :default

  def perform(*args, **kwargs)
    record(args, kwargs)
  end
end

# Real keyword parameters: a required one, an optional one.
class KeywordJob < ActiveJob::Base
  include RecordsWhatItGot
  queue_as :default

  def perform(a, b:, c: nil)
    record([a], { b: b, c: c })
  end
end

# Fails its first run; ActiveJob's retry_on then re-enqueues it (delayed by 30 s, no jitter) with executions 1 and
# exception_executions {"[ArgumentError]" => 1}: the payload shape of a retried job.
class RetryOnceJob < ActiveJob::Base
  include RecordsWhatItGot
  queue_as :default
  retry_on ArgumentError, wait: 30, attempts: 2, jitter: 0

  def perform(*args)
    record(args, {})
    raise ArgumentError, 'the first run fails' if executions == 1
  end
end

module Admin
  # A namespaced job class on its own queue.
  class CleanupJob < ActiveJob::Base
    include RecordsWhatItGot
    queue_as :low

    def perform(*args, **kwargs)
      record(args, kwargs)
    end
  end
end
