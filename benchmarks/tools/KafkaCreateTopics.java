import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates many topics on a Kafka cluster through its Admin API, for benchmarks/many-partitions.sh
 * (kafka-topics.sh creates one topic per JVM). Run as a single-file source program with Kafka's jars:
 *
 * <pre>java -cp 'kafka/lib/*' KafkaCreateTopics.java BOOTSTRAP PARTITIONS RF STEP TOPIC...</pre>
 *
 * Topics go in requests of at most STEP partitions (the KRaft controller refuses one operation of
 * more than 10,000 records), each with min.insync.replicas=2; the program waits for every request
 * and exits 1 if any topic failed.
 */
public final class KafkaCreateTopics {
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: KafkaCreateTopics BOOTSTRAP PARTITIONS RF STEP TOPIC...");
            System.exit(2);
        }
        int partitions = Integer.parseInt(args[1]);
        short rf = Short.parseShort(args[2]);
        int perRequest = Math.max(1, Integer.parseInt(args[3]) / partitions);
        List<String> names = Arrays.asList(args).subList(4, args.length);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            for (int i = 0; i < names.size(); i += perRequest) {
                List<NewTopic> batch = new ArrayList<>();
                for (String n : names.subList(i, Math.min(names.size(), i + perRequest))) {
                    batch.add(new NewTopic(n, partitions, rf).configs(Map.of("min.insync.replicas", "2")));
                }
                admin.createTopics(batch).all().get();
            }
        }
        System.out.println("Created " + names.size() + " topics of " + partitions + " partitions.");
    }
}
