#!/bin/sh
# Entry point of the ruby-fixtures image (ruby-fixtures/Dockerfile).
#   <script.rb> [args...]  runs /fixtures/scripts/<script.rb> (an absolute path is run as given); default driver.rb
#   idle                   prints the versions it loads, then waits (the interop suite's long-lived container, into
#                          which it execs one Ruby process per driver / worker / scheduler)
# Gems come from Gemfile.lock through RUBYOPT=-rbundler/setup (set in the Dockerfile).
set -e
script="${1:-driver.rb}"
[ "$#" -gt 0 ] && shift
case "$script" in
  idle)
    ruby -e 'require "resque"; require "resque-scheduler"; require "json"
             puts "resque4j ruby fixtures ready: ruby #{RUBY_VERSION}, resque #{Resque::VERSION}, " \
                  "resque-scheduler #{Resque::Scheduler::VERSION}, json #{JSON::VERSION}"'
    exec sleep infinity
    ;;
  /*) exec ruby "$script" "$@" ;;
  *) exec ruby "/fixtures/scripts/$script" "$@" ;;
esac
