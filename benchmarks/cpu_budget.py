#!/usr/bin/env python3
"""CPU budget of one request (docs/performance.md, "CPU budget of a claim"), from one wrk phase.

Usage: cpu_budget.py MODE REQUESTS SECONDS THREADS_BEFORE THREADS_AFTER PROCS_BEFORE PROCS_AFTER JFR_TEXT

THREADS_* are the service's per-thread CPU counters (name, user and system ticks), PROCS_* the CPU
ticks of the Redis and PostgreSQL servers and wrk, each read from /proc before and after the phase;
JFR_TEXT is `jfr print --events jdk.ExecutionSample` of a recording of the phase. The service's
user time on Java threads is split over layers by where its execution samples were; kernel time,
GC, the JIT and the servers are measured directly. Prints one line per layer: microseconds of CPU
per answered request, and the share of the service's own CPU.
"""
import os
import re
import sys

TICK = os.sysconf("SC_CLK_TCK")

# Walking a sample's stack from its root to its leaf, the last layer matched names the sample;
# a layer marked "owns" keeps everything called beneath it (the rate limit's Redis calls are the
# rate limit's, the idempotency lookup's SQL is the idempotency lookup's).
LAYERS = [
    ("rate limit (Bucket4j, its Redis calls)", True, ("io.github.bucket4j.", "dev.seatbooking.booking.claim.ClaimRateLimits", "dev.seatbooking.booking.claim.ClaimRateLimit")),
    ("idempotency (key lookup, its SQL)", True, ("dev.seatbooking.idempotency.",)),
    ("JWT verification", True, ("com.nimbusds.", "org.springframework.security.oauth2.", "dev.seatbooking.security.VerifiedTokens", "dev.seatbooking.security.TokenCache")),
    ("refusal from memory", True, ("dev.seatbooking.inventory.SoldOutMemory", "dev.seatbooking.inventory.FullFlights")),
    ("exceptions (stack traces)", True, ("java.lang.Throwable.fillInStackTrace", "java.lang.StackTraceElement", "java.lang.StackWalker")),
    ("logging", True, ("ch.qos.logback.", "org.slf4j.")),
    ("observation and metrics", False, ("io.micrometer.", "io.opentelemetry.", "org.springframework.web.filter.ServerHttpObservationFilter", "org.springframework.boot.micrometer.")),
    ("Redis round trips (Lettuce)", False, ("io.lettuce.", "io.netty.", "org.springframework.data.redis.")),
    ("database (JDBC, Hikari, transactions)", False, ("org.postgresql.", "com.zaxxer.hikari.", "org.springframework.jdbc.", "org.springframework.transaction.")),
    ("JSON in and out (Jackson)", False, ("tools.jackson.", "com.fasterxml.jackson.")),
    ("validation", False, ("org.hibernate.validator.", "jakarta.validation.")),
    ("security filter chain", False, ("org.springframework.security.",)),
    ("Spring MVC dispatch", False, ("org.springframework.web.", "org.springframework.http.", "org.springframework.core.", "org.springframework.beans.", "org.springframework.util.", "org.springframework.context.", "org.springframework.aop.", "org.springframework.boot.")),
    ("booking logic", False, ("dev.seatbooking.",)),
    ("HTTP parsing and writing (Tomcat)", False, ("org.apache.coyote.", "org.apache.catalina.", "org.apache.tomcat.", "jakarta.servlet.")),
    ("socket I/O (JDK NIO)", False, ("sun.nio.", "java.nio.channels.")),
]
OTHER = "other Java code (JDK, virtual threads)"


def layer_of(frames):
    """frames: leaf first, as JFR prints them."""
    name = None
    for frame in reversed(frames):
        for layer, owns, prefixes in LAYERS:
            if frame.startswith(prefixes):
                name = layer
                if owns:
                    return name
                break
    return name or OTHER


def samples(path):
    frames, inside = [], False
    with open(path, encoding="utf-8", errors="replace") as text:
        for line in text:
            line = line.strip()
            if line.startswith("stackTrace = ["):
                frames, inside = [], True
            elif inside and line.startswith("]"):
                inside = False
                yield frames
            elif inside and line and line != "...":
                frames.append(line)


def threads(path):
    """name -> (user, system) ticks, summed over threads of that name."""
    counts = {}
    with open(path) as lines:
        for line in lines:
            name, user, system = line.rstrip("\n").rsplit("\t", 2)
            u, s = counts.get(name, (0, 0))
            counts[name] = (u + int(user), s + int(system))
    return counts


def jvm_role(name):
    if re.match(r"(C1|C2) CompilerThre|C2 Compiler|C1 Compiler", name):
        return "JIT compiler"
    if re.match(r"(GC Thread|G1 |VM Thread|Gang worker|Parallel GC|Serial)", name):
        return "GC (and VM safepoints)"
    if name.startswith("JFR") or name.startswith("Attach") or name.startswith("Signal"):
        return "the profiler itself (JFR)"
    return None


def main():
    mode, requests, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    before, after = threads(sys.argv[4]), threads(sys.argv[5])
    procs_before, procs_after = threads(sys.argv[6]), threads(sys.argv[7])
    per_request = 1e6 / TICK / max(requests, 1)
    java_user = kernel = 0.0
    measured = {}
    for name, (user, system) in after.items():
        u0, s0 = before.get(name, (0, 0))
        du, ds = max(user - u0, 0), max(system - s0, 0)
        kernel += ds
        role = jvm_role(name)
        if role:
            measured[role] = measured.get(role, 0) + du
        else:
            java_user += du
    counted = {}
    for frames in samples(sys.argv[8]):
        layer = layer_of(frames)
        counted[layer] = counted.get(layer, 0) + 1
    total_samples = sum(counted.values()) or 1
    rows = [(layer, java_user * n / total_samples) for layer, n in counted.items()]
    rows.append(("kernel: TCP, accept, epoll, futex (system time)", kernel))
    rows += list(measured.items())
    service = sum(ticks for _, ticks in rows)
    print(f"{mode}: {requests} answers in {seconds:.0f} s ({requests / seconds:.0f}/s), "
          f"{total_samples} execution samples")
    print(f"  {'layer':52} {'us/answer':>10} {'share':>7}")
    for layer, ticks in sorted(rows, key=lambda row: -row[1]):
        print(f"  {layer:52} {ticks * per_request:10.1f} {100 * ticks / max(service, 1):6.1f}%")
    print(f"  {'the service, all of it':52} {service * per_request:10.1f}")
    for name in sorted(procs_after):
        u1, s1 = procs_after[name]
        u0, s0 = procs_before.get(name, (0, 0))
        print(f"  {'+ ' + name + ' (its own process)':52} {(u1 - u0 + s1 - s0) * per_request:10.1f}")


if __name__ == "__main__":
    main()
