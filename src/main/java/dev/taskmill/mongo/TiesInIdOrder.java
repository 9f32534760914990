package dev.taskmill.mongo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Index entries in scan order, except that runs of entries equal in their first {@code tieKeys}
 * values (ties under the requested sort) come in id order. The stock server sorts stably from id
 * order, so ties come out that way there; a forward scan orders them by the further index keys and
 * a backward scan reverses them.
 */
final class TiesInIdOrder implements Iterator<OrderedIndex.Entry> {

  private final Iterator<OrderedIndex.Entry> entries;
  private final int tieKeys;
  private final ArrayDeque<OrderedIndex.Entry> run = new ArrayDeque<>();
  private OrderedIndex.Entry pending;

  TiesInIdOrder(Iterator<OrderedIndex.Entry> entries, int tieKeys) {
    this.entries = entries;
    this.tieKeys = tieKeys;
  }

  @Override
  public boolean hasNext() {
    if (run.isEmpty()) {
      fill();
    }
    return !run.isEmpty();
  }

  @Override
  public OrderedIndex.Entry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return run.poll();
  }

  private void fill() {
    OrderedIndex.Entry first =
        pending != null ? pending : entries.hasNext() ? entries.next() : null;
    pending = null;
    if (first == null) {
      return;
    }
    List<OrderedIndex.Entry> ties = new ArrayList<>();
    ties.add(first);
    while (entries.hasNext()) {
      OrderedIndex.Entry entry = entries.next();
      if (!tied(first, entry)) {
        pending = entry;
        break;
      }
      ties.add(entry);
    }
    ties.sort((a, b) -> KeyOrder.comparePositions(a.position(), b.position()));
    run.addAll(ties);
  }

  private boolean tied(OrderedIndex.Entry a, OrderedIndex.Entry b) {
    for (int i = 0; i < tieKeys; i++) {
      if (KeyOrder.compare(a.values()[i], b.values()[i], true) != 0) {
        return false;
      }
    }
    return true;
  }
}
