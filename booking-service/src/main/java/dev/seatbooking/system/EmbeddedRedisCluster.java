package dev.seatbooking.system;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis Cluster of real {@code redis-server} processes on loopback ports, from the binary the
 * embedded Redis brings: three masters, each with one replica, every slot assigned. For trying the
 * service on a cluster ({@code embedded.redis-cluster=true}) and for the tests that run on one,
 * which kill, pause and restart its nodes as a real failure would.
 *
 * <p>Nodes time out after {@value #NODE_TIMEOUT_MILLIS} ms, so a killed master's replica takes over
 * within about two seconds. {@code cluster-replica-validity-factor 0} lets any replica take over,
 * however long it was cut off from its master: a stale replica may win, which is the case the
 * service must survive without losing a sale. {@code cluster-require-full-coverage no} keeps the
 * other masters answering while one has no master (docs/scale-out.md, the settings the service needs).
 */
public final class EmbeddedRedisCluster {

    static final int NODE_TIMEOUT_MILLIS = 1000;
    private static final int SLOTS = 16384;
    private static final Duration FORMING = Duration.ofSeconds(30);

    /** One redis-server process of the cluster, on its own port, with its own directory. */
    public static final class Node {
        private final int port;
        private final Path dir;
        private final File executable;
        private final ClientResources resources;
        private Process process;

        private Node(int port, Path dir, File executable, ClientResources resources) {
            this.resources = resources;
            this.port = port;
            this.dir = dir;
            this.executable = executable;
        }

        public int port() {
            return port;
        }

        /** Whether the process runs (a paused one does). */
        public boolean alive() {
            return process != null && process.isAlive();
        }

        /** Starts the process, or starts it again after a kill: it rejoins with the identity its nodes.conf keeps. */
        public synchronized void start() {
            try {
                process = new ProcessBuilder(executable.getAbsolutePath(),
                        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "no",
                        "--dir", dir.toString(), "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                        "--cluster-replica-validity-factor", "0", "--cluster-require-full-coverage", "no",
                        // Nothing on disk: Redis is a cache of the database here (I6).
                        "--save", "", "--appendonly", "no")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start a Redis Cluster node on port " + port, e);
            }
            var started = process;
            await("node " + port + " to answer", () -> {
                if (!started.isAlive()) {
                    throw new IllegalStateException("Redis Cluster node on port " + port + " exited: see " + dir.resolve("redis.log"));
                }
                return ping(port);
            });
        }

        /** SIGKILL: the node dies at once, as in a crash, with whatever it did not replicate. */
        public synchronized void kill() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** SIGSTOP: the node stops answering and replicating, without closing its connections. */
        public void pause() {
            signal("STOP");
        }

        /** SIGCONT after {@link #pause}. */
        public void resume() {
            signal("CONT");
        }

        private void signal(String name) {
            try {
                int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
                if (exit != 0) {
                    throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Runs commands on this node alone. */
        public <T> T call(java.util.function.Function<RedisCommands<String, String>, T> commands) {
            // A paused node does not answer: give up after 2 s, not Lettuce's default minute.
            var client = RedisClient.create(resources, RedisURI.builder().withHost("127.0.0.1").withPort(port)
                    .withTimeout(Duration.ofSeconds(2)).build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                return commands.apply(connection.sync());
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1)); // the shared resources stay
            }
        }

        /** The node's id in the cluster. */
        public String id() {
            return call(redis -> redis.clusterMyId());
        }

        /** Whether this node is a master, as it says itself. */
        public boolean master() {
            return call(redis -> redis.info("replication")).contains("role:master");
        }

        @Override
        public String toString() {
            return "127.0.0.1:" + port;
        }
    }

    private final List<Node> nodes;
    private final Path root;
    /** One set of event loops for every command the cluster's tooling sends to a single node. */
    private final ClientResources resources;

    private EmbeddedRedisCluster(List<Node> nodes, Path root, ClientResources resources) {
        this.resources = resources;
        this.nodes = nodes;
        this.root = root;
    }

    /** Starts and forms a cluster of {@code size / 2} masters with a replica each, on free ports. */
    static EmbeddedRedisCluster start(int size) {
        if (size % 2 != 0) {
            throw new IllegalArgumentException("A master and a replica per shard: an even number of nodes");
        }
        List<Integer> ports = freePorts(size);
        File executable;
        Path root;
        try {
            executable = ExecutableProvider.newJarResourceProvider().get();
            root = Files.createTempDirectory("redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the embedded Redis Cluster", e);
        }
        var resources = ClientResources.create();
        List<Node> nodes = new ArrayList<>();
        for (int port : ports) {
            try {
                nodes.add(new Node(port, Files.createDirectory(root.resolve(Integer.toString(port))), executable, resources));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        var cluster = new EmbeddedRedisCluster(List.copyOf(nodes), root, resources);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "embedded-redis-cluster-stop"));
        nodes.forEach(Node::start);
        cluster.form();
        return cluster;
    }

    private void form() {
        int masters = nodes.size() / 2;
        var first = nodes.getFirst();
        for (var node : nodes.subList(1, nodes.size())) {
            first.call(redis -> redis.clusterMeet("127.0.0.1", node.port()));
        }
        for (int i = 0; i < masters; i++) {
            // Master i serves the slots s with s * masters / SLOTS == i.
            int from = (SLOTS * i + masters - 1) / masters;
            int to = (SLOTS * (i + 1) + masters - 1) / masters;
            int[] slots = IntStream.range(from, to).toArray();
            nodes.get(i).call(redis -> redis.clusterAddSlots(slots));
        }
        // Every node knows every other, handshakes done (a node still in handshake has a temporary id).
        await("every node to know the others", () -> nodes.stream().allMatch(node -> {
            var known = node.call(redis -> redis.clusterNodes()).lines().toList();
            return known.size() == nodes.size() && known.stream().noneMatch(line -> line.contains("handshake"));
        }));
        for (int i = 0; i < masters; i++) {
            String masterId = nodes.get(i).call(redis -> redis.clusterMyId());
            nodes.get(masters + i).call(redis -> redis.clusterReplicate(masterId));
        }
        await("the cluster to be ok with every replica in sync", this::healthy);
    }

    /**
     * A failover of the slot's master: it is killed (SIGKILL), its replica is elected in its place,
     * and it is started again, to rejoin as the new master's replica once the cluster is healthy.
     */
    public void failOver(int slot) {
        var master = masterOf(slot);
        master.kill();
        await("a replica to take slot " + slot + " over", () -> {
            try {
                return masterOf(slot) != master;
            } catch (IllegalStateException e) {
                return false; // no node serves it until the election ends
            }
        });
        restart(master);
    }

    /** Starts a node that was killed again, and waits until the cluster is healthy with it. */
    public void restart(Node node) {
        node.start();
        await("the cluster to be healthy with " + node, this::healthy);
    }

    /** Every slot served, as every running node sees it, and every replica's link to its master up. */
    public boolean healthy() {
        return nodes.stream().filter(Node::alive).allMatch(node -> {
            try {
                return node.call(redis -> {
                    String replication = redis.info("replication");
                    return redis.clusterInfo().contains("cluster_state:ok")
                            && (replication.contains("role:master") || replication.contains("master_link_status:up"));
                });
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /** Comma-separated host:port of every node, for {@code spring.data.redis.cluster.nodes}. */
    public String nodeAddresses() {
        return String.join(",", nodes.stream().map(Node::toString).toList());
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The node that serves the slot now, as the running nodes agree. */
    public Node masterOf(int slot) {
        for (var node : nodes) {
            if (!node.alive()) {
                continue;
            }
            try {
                String served = node.call(redis -> redis.clusterNodes()).lines()
                        .filter(line -> line.contains("master") && !line.contains("fail") && servesSlot(line, slot))
                        .findFirst().orElse(null);
                if (served != null) {
                    return nodeAt(served);
                }
            } catch (RuntimeException e) {
                // a paused or dying node: ask the next one
            }
        }
        throw new IllegalStateException("No node serves slot " + slot);
    }

    /** The replica of a master, as the running nodes see it. */
    public Node replicaOf(Node master) {
        String masterId = master.id();
        String line = master.call(redis -> redis.clusterNodes()).lines()
                .filter(l -> l.split(" ")[3].equals(masterId) && l.split(" ")[2].contains("slave"))
                .findFirst().orElseThrow(() -> new IllegalStateException(master + " has no replica"));
        return nodeAt(line);
    }

    private Node nodeAt(String nodesLine) {
        int port = Integer.parseInt(nodesLine.split(" ")[1].replaceAll(".*:(\\d+)@.*", "$1"));
        return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
    }

    private static boolean servesSlot(String nodesLine, int slot) {
        String[] fields = nodesLine.split(" ");
        for (int i = 8; i < fields.length; i++) {
            String[] range = fields[i].split("-");
            if (range[0].startsWith("[")) {
                continue;
            }
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    void stop() {
        for (var node : nodes) {
            if (node.alive()) {
                node.resume();
                node.kill();
            }
        }
        resources.shutdown();
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the system to clean
        }
    }

    /**
     * Distinct ports that are free with their cluster bus port (the port + 10000), both below the
     * kernel's ephemeral range (32768 and up on Linux), so that no outgoing connection takes a bus
     * port while its node is down for a restart.
     */
    private static List<Integer> freePorts(int count) {
        var random = new java.util.Random();
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < count) {
            int port = 10000 + random.nextInt(10000);
            if (!ports.contains(port) && free(port) && free(port + 10000)) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static boolean free(int port) {
        try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean ping(int port) {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("PING\r\n".getBytes());
            byte[] answer = new byte[7];
            return socket.getInputStream().read(answer) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + FORMING.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis Cluster: gave up waiting for " + what + " after " + FORMING);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for " + what, e);
            }
        }
    }
}
