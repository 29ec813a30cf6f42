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
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/statuslog/statuslog.jar"]
CMD ["--help"]
