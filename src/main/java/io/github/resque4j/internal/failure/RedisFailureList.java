package io.github.resque4j.internal.failure;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.github.resque4j.failure.BulkProgress;
import io.github.resque4j.failure.BulkResult;
import io.github.resque4j.failure.FailureEntry;
import io.github.resque4j.failure.FailureFilter;
import io.github.resque4j.failure.FailureList;

/** A {@link FailureList} handle: a name plus its owner, which does the work. */
final class RedisFailureList implements FailureList {
    private final RedisFailures owner;
    private final String name;

    RedisFailureList(RedisFailures owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long count() {
        return owner.count(name);
    }

    @Override
    public long count(FailureFilter filter) {
        return owner.count(name, filter);
    }

    @Override
    public List<FailureEntry> all(long offset, int limit) {
        return owner.all(name, offset, limit);
    }

    @Override
    public List<FailureEntry> list(FailureFilter filter, long offset, int limit) {
        return owner.list(name, filter, offset, limit);
    }

    @Override
    public Optional<FailureEntry> get(long index) {
        return owner.get(name, index);
    }

    @Override
    public FailureEntry requeue(long index) {
        return owner.requeue(name, index);
    }

    @Override
    public FailureEntry requeue(FailureEntry entry) {
        return owner.requeue(name, entry);
    }

    @Override
    public void remove(long index) {
        owner.remove(name, index);
    }

    @Override
    public void remove(FailureEntry entry) {
        owner.remove(name, entry);
    }

    @Override
    public BulkResult requeue(FailureFilter filter, BulkProgress progress, BooleanSupplier cancelled) {
        return owner.bulk(List.of(name), filter, true, true, progress, cancelled);
    }

    @Override
    public BulkResult remove(FailureFilter filter, BulkProgress progress, BooleanSupplier cancelled) {
        return owner.bulk(List.of(name), filter, false, false, progress, cancelled);
    }

    @Override
    public long clear() {
        return owner.clear(name);
    }

    @Override
    public String toString() {
        return "FailureList{" + name + "}";
    }
}
