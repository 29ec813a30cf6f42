# One image for every role: the command picks the role (checker, projector, web, ...).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -pl app -am package

FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/app/target/statuslog.jar /opt/statuslog/statuslog.jar
RUN mkdir -p /var/lib/statuslog && chown 10001 /var/lib/statuslog
USER 10001
# JVM options by role, as ./statuslog sets them: the checker holds 10 000 checks in a 256 MiB
# heap (bench/checker.sh measures it); the other roles take 75% of the container's memory.
# STATUSLOG_JAVA_OPTS comes last, and of a repeated option the last one counts.
ENTRYPOINT ["/bin/sh", "-c", "case \"$1\" in checker) opts='-Xmx256m' ;; *) opts='-XX:MaxRAMPercentage=75' ;; esac; exec java $opts $STATUSLOG_JAVA_OPTS -jar /opt/statuslog/statuslog.jar \"$@\"", "statuslog"]
CMD ["--help"]
