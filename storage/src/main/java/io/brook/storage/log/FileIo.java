package io.brook.storage.log;

import io.brook.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Small file-system helpers shared by the segment and index classes (directory fsyncs: {@link io.brook.storage.DurableFiles}). */
final class FileIo {

    private FileIo() {}

    /** Reads exactly {@code dst.remaining()} bytes at {@code position}, or fewer at end of file. */
    static int readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Writes all of {@code src} at {@code position}. */
    static void writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
        long p = position;
        while (src.hasRemaining()) {
            p += ch.write(src, p);
        }
    }

    /** Deletes a segment's index files (and their temporary files) if present. */
    static void deleteIndexFiles(Path dir, long baseOffset) {
        try {
            for (Path p : new Path[] {SegmentFile.indexPath(dir, baseOffset), SegmentFile.timeIndexPath(dir, baseOffset)}) {
                java.nio.file.Files.deleteIfExists(p);
                java.nio.file.Files.deleteIfExists(p.resolveSibling(p.getFileName() + ".tmp"));
            }
        } catch (IOException e) {
            throw new StorageException("cannot delete index files of segment " + baseOffset + " in " + dir, e);
        }
    }
}
