package io.brook.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

    @TempDir
    Path dir;

    @Test
    void a_second_lock_on_a_held_directory_fails_naming_the_directory_the_owner_and_the_fix() throws Exception {
        // given a directory a broker holds
        try (DataDirLock held = DataDirLock.acquire(dir)) {
            // when another tries to take it, then it is told in one sentence
            assertThatThrownBy(() -> DataDirLock.acquire(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("another broker (pid " + ProcessHandle.current().pid() + ") uses the data directory " + dir
                            + ": stop it first, or give this broker another directory (--data, data.dir)");
        }
    }

    @Test
    void a_released_lock_can_be_taken_again() throws Exception {
        // given a lock taken and released
        DataDirLock.acquire(dir).close();

        // when it is taken again, then it succeeds and records this process
        try (DataDirLock again = DataDirLock.acquire(dir)) {
            assertThat(Files.readString(dir.resolve(".lock")).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }
}
