package io.statuslog.testkit;

/** A database of one test's own on the shared PostgreSQL server. */
public record TestDatabase(String jdbcUrl, String user, String password) {}
