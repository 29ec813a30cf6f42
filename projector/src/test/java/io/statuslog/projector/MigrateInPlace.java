package io.statuslog.projector;

import io.statuslog.projector.db.Databases;
import io.statuslog.projector.db.ReadModelSchema;

/** A migration process for kill drills. Arguments: jdbcUrl user password schema. */
public final class MigrateInPlace {
  public static void main(String[] args) {
    new ReadModelSchema(args[3]).migrateInPlace(Databases.unpooled(args[0], args[1], args[2]));
  }
}
