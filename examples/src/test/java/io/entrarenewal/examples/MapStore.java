package io.entrarenewal.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A key-value store in memory, standing in for the one a company already runs. */
final class MapStore implements KeyValueVault.KeyValueStore {

  private final ConcurrentSkipListMap<String, String> values = new ConcurrentSkipListMap<>();

  @Override
  public Optional<String> get(String path) {
    return Optional.ofNullable(values.get(path));
  }

  @Override
  public void put(String path, String value) {
    values.put(path, value);
  }

  @Override
  public void delete(String path) {
    values.remove(path);
  }

  @Override
  public Iterable<String> list(String folder) {
    List<String> names = new ArrayList<>();
    for (String path : values.tailMap(folder).keySet()) {
      if (!path.startsWith(folder)) {
        break;
      }
      String rest = path.substring(folder.length());
      if (!rest.contains("/")) {
        names.add(rest);
      }
    }
    return names;
  }
}
