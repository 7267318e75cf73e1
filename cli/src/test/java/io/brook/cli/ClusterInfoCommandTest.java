package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code brook cluster info} against a real broker. */
class ClusterInfoCommandTest {

    private static CliBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new CliBroker(Map.of("cluster.id", "cli-test", "broker.id", "7"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void table_output_names_the_cluster_controller_and_brokers() {
        Cli.Result r = Cli.run("cluster", "info", "-b", broker.bootstrap());
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.outLines().get(0)).isEqualTo("Cluster: cli-test  controller: 7");
        assertThat(r.outLines().get(1).split("\\s+")).containsExactly("BROKER", "ADDRESS", "RACK");
        assertThat(r.outLines().get(2)).startsWith("7").contains(broker.bootstrap());
    }

    @Test
    @SuppressWarnings("unchecked")
    void json_output_holds_the_cluster_id_controller_and_brokers() {
        Cli.Result r = Cli.run("cluster", "info", "-b", broker.bootstrap(), "-o", "json");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Map<String, Object> m = MiniJson.object(r.out());
        assertThat(m).containsEntry("cluster_id", "cli-test").containsEntry("controller_id", 7L);
        List<Object> brokers = (List<Object>) m.get("brokers");
        assertThat(brokers).singleElement().satisfies(b -> assertThat((Map<String, Object>) b)
                .containsEntry("id", 7L).containsEntry("host", "127.0.0.1")
                .containsEntry("port", Long.parseLong(broker.bootstrap().substring("127.0.0.1:".length()))));
    }
}
