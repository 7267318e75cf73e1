package io.brook.storage.log;

import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import io.brook.storage.ReadResult;
import io.brook.storage.StorageException;
import io.brook.storage.TimestampLookup;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The read side of a log: finds batches by offset and by timestamp in a snapshot of the segment list.
 * Stateless and safe for any thread; every call pins the segments it reads.
 */
final class LogReader {

    private LogReader() {}

    /** Index of the last segment whose base offset is at most {@code offset}, or 0. */
    static int floorSegment(Segment[] segs, long offset) {
        int lo = 0;
        int hi = segs.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (segs[mid].baseOffset() <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    static ReadResult read(Segment[] segs, long start, long end, long offset, int maxBytes, long maxOffset) {
        if (offset < start || offset > end) {
            return ReadResult.outOfRange(start, end);
        }
        long bound = Math.min(maxOffset, end);
        if (offset >= bound) {
            return ReadResult.noData(start, end);
        }
        BatchHeaderReader reader = new BatchHeaderReader();
        for (int i = floorSegment(segs, offset); i < segs.length; i++) {
            Segment s = segs[i];
            if (!s.retain()) {
                // deleted by retention since the snapshot was taken
                return ReadResult.outOfRange(start, end);
            }
            boolean handedOver = false;
            try {
                Segment.Tail tail = s.tail();
                int pos = s.findBatch(offset, tail.size(), reader);
                if (pos < 0) {
                    continue;
                }
                RecordBatch first = reader.view();
                long firstOffset = first.baseOffset();
                if (first.lastOffset() >= bound) {
                    return ReadResult.noData(start, end);
                }
                long lastOffset = first.lastOffset();
                int endPos = pos + first.sizeInBytes();
                int byteLimit = (int) Math.min((long) pos + Math.max(maxBytes, 0), tail.size());
                if (endPos < byteLimit) {
                    // jump over whole batches with the index, then walk the remaining headers
                    long entry = s.offsetIndex().floorEntryByPosition(byteLimit);
                    if (entry >= 0) {
                        int entryPos = (int) entry;
                        long entryOffset = s.baseOffset() + (entry >>> 32);
                        if (entryPos > endPos && entryOffset <= bound) {
                            endPos = entryPos;
                            lastOffset = entryOffset - 1;
                        }
                    }
                    while (endPos < byteLimit) {
                        RecordBatch h = reader.read(s.channel(), endPos, tail.size());
                        if (h == null || h.lastOffset() >= bound || endPos + h.sizeInBytes() > byteLimit) {
                            break;
                        }
                        endPos += h.sizeInBytes();
                        lastOffset = h.lastOffset();
                    }
                }
                handedOver = true;
                return ReadResult.ok(new SegmentSlice(s, pos, endPos - pos, firstOffset, lastOffset), start, end);
            } catch (IOException e) {
                throw new StorageException("cannot read " + s.logPath(), e);
            } finally {
                if (!handedOver) {
                    s.release();
                }
            }
        }
        return ReadResult.noData(start, end);
    }

    static TimestampLookup offsetForTimestamp(Segment[] segs, long end, long timestamp, long maxOffset) {
        long bound = Math.min(maxOffset, end);
        BatchHeaderReader reader = new BatchHeaderReader();
        for (Segment s : segs) {
            if (s.baseOffset() >= bound) {
                break;
            }
            if (s.maxTimestamp() < timestamp || !s.retain()) {
                continue;
            }
            try {
                Segment.Tail tail = s.tail();
                int pos = s.findBatch(s.timeIndex().scanStartFor(timestamp), tail.size(), reader);
                while (pos >= 0 && pos < tail.size()) {
                    RecordBatch h = reader.read(s.channel(), pos, tail.size());
                    if (h == null || h.baseOffset() >= bound) {
                        break;
                    }
                    // control batches (leader markers) are bookkeeping, not records: no timestamp lookup lands on them
                    if (!h.isControl() && h.maxTimestamp() >= timestamp) {
                        TimestampLookup found = searchBatch(s, pos, h.sizeInBytes(), timestamp, bound);
                        if (found.found()) {
                            return found;
                        }
                    }
                    pos += h.sizeInBytes();
                }
            } catch (IOException e) {
                throw new StorageException("cannot read " + s.logPath(), e);
            } finally {
                s.release();
            }
        }
        return TimestampLookup.notFound();
    }

    private static TimestampLookup searchBatch(Segment s, int pos, int size, long timestamp, long bound) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(size);
        if (FileIo.readFully(s.channel(), buf, pos) != size) {
            return TimestampLookup.notFound();
        }
        RecordCursor cursor = new RecordBatch().wrap(buf, 0).records();
        while (cursor.next()) {
            if (cursor.offset() >= bound) {
                break;
            }
            if (cursor.timestamp() >= timestamp) {
                return new TimestampLookup(cursor.offset(), cursor.timestamp());
            }
        }
        return TimestampLookup.notFound();
    }
}
