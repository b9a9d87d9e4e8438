package sori.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import sori.UserFacingException;

/** {@value #FILE} in the data directory, locked while a server uses it, so a second server is refused. */
final class DataDirLock implements AutoCloseable {

    static final String FILE = "sori.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UserFacingException("cannot write to data dir " + dir + ": " + Stores.reason(e));
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UserFacingException("cannot lock " + file + ": " + Stores.reason(e));
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new UserFacingException("another sori server is using data dir " + dir + " (it holds " + FILE
                    + "): stop it or choose another --data-dir");
        }
        return new DataDirLock(channel, lock);
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
