package io.brook.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirIdentityTest {

    @TempDir
    Path dir;

    @Test
    void a_new_directory_is_claimed_and_the_same_broker_may_start_on_it_again() throws Exception {
        DataDirIdentity.claim(dir, "c1", 3);
        DataDirIdentity.claim(dir, "c1", 3);

        String text = Files.readString(dir.resolve("meta.properties"), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("cluster.id=c1").contains("broker.id=3").contains("checksum.crc32c=");
    }

    @Test
    void a_directory_of_another_broker_or_cluster_is_refused_without_a_change() throws Exception {
        DataDirIdentity.claim(dir, "c1", 3);
        byte[] before = Files.readAllBytes(dir.resolve("meta.properties"));

        assertThatThrownBy(() -> DataDirIdentity.claim(dir, "c1", 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to broker 3 of cluster 'c1'").hasMessageContaining("configured as broker 4")
                .hasMessageContaining("broker.id=3");
        assertThatThrownBy(() -> DataDirIdentity.claim(dir, "c2", 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster 'c1'").hasMessageContaining("cluster 'c2'");
        assertThat(Files.readAllBytes(dir.resolve("meta.properties"))).isEqualTo(before);
    }

    @Test
    void a_damaged_identity_refuses_to_start_and_says_how_to_recover() throws Exception {
        DataDirIdentity.claim(dir, "c1", 3);
        Path file = dir.resolve("meta.properties");
        Files.writeString(file, Files.readString(file, StandardCharsets.ISO_8859_1).replace("broker.id=3", "broker.id=4"),
                StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> DataDirIdentity.claim(dir, "c1", 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("delete");
    }

    @Test
    void a_directory_an_earlier_brook_filled_is_adopted() throws Exception {
        Files.createDirectories(dir.resolve("logs"));

        DataDirIdentity.claim(dir, "c1", 1);

        assertThat(dir.resolve("meta.properties")).exists();
    }
}
