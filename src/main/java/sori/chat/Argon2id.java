package sori.chat;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id, version 0x13, as RFC 9106 specifies it, with Bouncy Castle's BLAKE2b for H and H'. Unlike
 * Bouncy Castle's {@code Argon2BytesGenerator}, which allocates its memory as one object per 1 KiB block
 * on every hash, an instance keeps its block memory as one {@code long[]} (128 longs a block) and reuses it
 * for every hash it computes, so hashing allocates almost nothing and a sign-in storm cannot flood the heap.
 * The memory is zeroed after each hash, so no password-derived state stays in it.
 *
 * <p>Not thread-safe: one instance per hashing thread ({@link Passwords} keeps one per thread). Lanes
 * ({@code p > 1}) are computed one after another in this thread, which gives the same output as in
 * parallel: within a slice a lane refers only to its own blocks and to other lanes' finished slices.
 */
final class Argon2id {

    private static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;
    private static final int SYNC_POINTS = 4;
    private static final int WORDS = 128;            // 64-bit words in a 1 KiB block
    private static final int BLOCK_BYTES = WORDS * 8;

    /** Memory kept between hashes, in blocks; a hash that needs more gets its own for that hash only. */
    private final int keepBlocks;
    private long[] memory = new long[0];

    private final Blake2bDigest h64 = new Blake2bDigest(512);
    private final byte[] digest = new byte[64];
    private final byte[] blockBytes = new byte[BLOCK_BYTES];
    private final long[] r = new long[WORDS];
    private final long[] x = new long[WORDS];
    private final long[] zero = new long[WORDS];
    private final long[] input = new long[WORDS];
    private final long[] address = new long[WORDS];

    /** An instance that keeps at most {@code keepKib} KiB of block memory between hashes. */
    Argon2id(int keepKib) {
        this.keepBlocks = keepKib;
    }

    /**
     * The tag of {@code tagLength} bytes for password {@code password} and salt {@code salt}, with
     * {@code memoryKib} KiB, {@code iterations} passes, {@code parallelism} lanes, optional secret
     * {@code secret} and associated data {@code associated} (either may be null). A salt shorter than the
     * RFC's 8 bytes is taken, as Bouncy Castle takes it, so a hash made elsewhere still verifies.
     */
    byte[] hash(byte[] password, byte[] salt, byte[] secret, byte[] associated,
            int memoryKib, int iterations, int parallelism, int tagLength) {
        if (parallelism < 1 || parallelism > 0xFFFFFF || iterations < 1 || tagLength < 4
                || memoryKib < 8 * parallelism) {
            throw new IllegalArgumentException("Argon2id parameters out of range");
        }
        byte[] k = secret == null ? new byte[0] : secret;
        byte[] a = associated == null ? new byte[0] : associated;
        int lanes = parallelism;
        int blocks = SYNC_POINTS * lanes * (memoryKib / (SYNC_POINTS * lanes)); // m'
        int laneLength = blocks / lanes;                                          // q
        int segmentLength = laneLength / SYNC_POINTS;
        long[] mem = memoryFor(blocks);
        byte[] h0 = new byte[64 + 8];
        try {
            initialHash(h0, password, salt, k, a, lanes, tagLength, memoryKib, iterations);
            for (int lane = 0; lane < lanes; lane++) { // B[i][0], B[i][1] = H'^1024(H0 || LE32(j) || LE32(i))
                for (int j = 0; j < 2; j++) {
                    le32(h0, 64, j);
                    le32(h0, 68, lane);
                    variableHash(blockBytes, BLOCK_BYTES, h0, h0.length);
                    int off = (lane * laneLength + j) * WORDS;
                    for (int w = 0; w < WORDS; w++) {
                        mem[off + w] = le64(blockBytes, w * 8);
                    }
                }
            }
            for (int pass = 0; pass < iterations; pass++) {
                for (int slice = 0; slice < SYNC_POINTS; slice++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        segment(mem, pass, slice, lane, lanes, laneLength, segmentLength, blocks, iterations);
                    }
                }
            }
            // C = XOR of the last block of every lane; the tag is H'^T(C)
            int last = (laneLength - 1) * WORDS;
            System.arraycopy(mem, last, r, 0, WORDS);
            for (int lane = 1; lane < lanes; lane++) {
                int off = (lane * laneLength + laneLength - 1) * WORDS;
                for (int w = 0; w < WORDS; w++) {
                    r[w] ^= mem[off + w];
                }
            }
            for (int w = 0; w < WORDS; w++) {
                le64(blockBytes, w * 8, r[w]);
            }
            byte[] tag = new byte[tagLength];
            variableHash(tag, tagLength, blockBytes, BLOCK_BYTES);
            return tag;
        } finally {
            Arrays.fill(mem, 0, blocks * WORDS, 0L);
            Arrays.fill(h0, (byte) 0);
            Arrays.fill(digest, (byte) 0);
            Arrays.fill(blockBytes, (byte) 0);
            Arrays.fill(r, 0L);
            Arrays.fill(x, 0L);
            Arrays.fill(address, 0L);
            Arrays.fill(input, 0L);
        }
    }

    /** True when the kept memory is all zeros (tests). */
    boolean memoryIsClear() {
        for (long w : memory) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** KiB of memory kept between hashes (tests). */
    int keptKib() {
        return memory.length / WORDS;
    }

    /** Memory of at least {@code blocks} blocks: the kept array, grown up to {@link #keepBlocks}, else a new one. */
    private long[] memoryFor(int blocks) {
        long words = (long) blocks * WORDS;
        if (words > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Argon2id memory too large");
        }
        if (blocks <= memory.length / WORDS) {
            return memory;
        }
        if (blocks <= keepBlocks) {
            memory = new long[blocks * WORDS];
            return memory;
        }
        return new long[blocks * WORDS];
    }

    /** H0 = H^64(LE32(p) || LE32(T) || LE32(m) || LE32(t) || LE32(v) || LE32(y) || length-prefixed P, S, K, X), into h0[0..64). */
    private void initialHash(byte[] h0, byte[] password, byte[] salt, byte[] secret, byte[] associated,
            int lanes, int tagLength, int memoryKib, int iterations) {
        h64.reset();
        update32(lanes);
        update32(tagLength);
        update32(memoryKib);
        update32(iterations);
        update32(VERSION);
        update32(TYPE_ID);
        for (byte[] field : new byte[][] {password, salt, secret, associated}) {
            update32(field.length);
            h64.update(field, 0, field.length);
        }
        h64.doFinal(h0, 0);
    }

    private void update32(int v) {
        h64.update((byte) v);
        h64.update((byte) (v >>> 8));
        h64.update((byte) (v >>> 16));
        h64.update((byte) (v >>> 24));
    }

    /** H'^T(A) of RFC 9106 section 3.3, into out[0..outLength). */
    private void variableHash(byte[] out, int outLength, byte[] in, int inLength) {
        if (outLength <= 64) {
            Blake2bDigest h = outLength == 64 ? h64 : new Blake2bDigest(outLength * 8);
            h.reset();
            update32To(h, outLength);
            h.update(in, 0, inLength);
            h.doFinal(out, 0);
            return;
        }
        int rounds = (outLength + 31) / 32 - 2;       // r = ceil(T/32) - 2
        h64.reset();
        update32To(h64, outLength);
        h64.update(in, 0, inLength);
        h64.doFinal(digest, 0);                       // V1
        System.arraycopy(digest, 0, out, 0, 32);      // W1
        for (int i = 1; i < rounds; i++) {            // V2 .. Vr
            h64.update(digest, 0, 64);
            h64.doFinal(digest, 0);
            System.arraycopy(digest, 0, out, i * 32, 32);
        }
        int rest = outLength - 32 * rounds;           // V(r+1) = H^(T-32r)(Vr), whole
        Blake2bDigest h = rest == 64 ? h64 : new Blake2bDigest(rest * 8);
        h.reset();
        h.update(digest, 0, 64);
        h.doFinal(out, 32 * rounds);
    }

    private static void update32To(Blake2bDigest h, int v) {
        h.update((byte) v);
        h.update((byte) (v >>> 8));
        h.update((byte) (v >>> 16));
        h.update((byte) (v >>> 24));
    }

    /** Computes one segment: the blocks of {@code lane} in {@code slice} of {@code pass}. */
    private void segment(long[] mem, int pass, int slice, int lane, int lanes, int laneLength,
            int segmentLength, int blocks, int iterations) {
        boolean independent = pass == 0 && slice < SYNC_POINTS / 2; // Argon2id: Argon2i addressing here
        if (independent) { // Z = LE64(r) || LE64(l) || LE64(sl) || LE64(m') || LE64(t) || LE64(y), then the counter
            Arrays.fill(input, 0L);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = blocks;
            input[4] = iterations;
            input[5] = TYPE_ID;
        }
        int first = pass == 0 && slice == 0 ? 2 : 0; // B[i][0] and B[i][1] are made from H0
        if (independent && first != 0) {
            nextAddresses();
        }
        int laneStart = lane * laneLength;
        for (int index = first; index < segmentLength; index++) {
            int column = slice * segmentLength + index;
            int current = laneStart + column;
            int previous = column == 0 ? laneStart + laneLength - 1 : current - 1;
            long pseudoRandom;
            if (independent) {
                if (index % WORDS == 0) {
                    nextAddresses();
                }
                pseudoRandom = address[index % WORDS];
            } else {
                pseudoRandom = mem[previous * WORDS];
            }
            long j1 = pseudoRandom & 0xFFFFFFFFL;
            long j2 = pseudoRandom >>> 32;
            int refLane = pass == 0 && slice == 0 ? lane : (int) (j2 % lanes);
            boolean sameLane = refLane == lane;
            // |W|: blocks that may be referred to (RFC 9106 section 3.4.1.2)
            long area;
            if (pass == 0) {
                area = sameLane ? column - 1 : (long) slice * segmentLength - (index == 0 ? 1 : 0);
            } else {
                area = sameLane ? laneLength - segmentLength + index - 1
                        : laneLength - segmentLength - (index == 0 ? 1 : 0);
            }
            long xx = (j1 * j1) >>> 32;
            long yy = (area * xx) >>> 32;
            long zz = area - 1 - yy;
            long start = pass == 0 || slice == SYNC_POINTS - 1 ? 0 : (long) (slice + 1) * segmentLength;
            int refColumn = (int) ((start + zz) % laneLength);
            int reference = refLane * laneLength + refColumn;
            fill(mem, previous * WORDS, reference * WORDS, current * WORDS, pass > 0);
        }
    }

    /** The next 128 pseudo-random values: address = G(0, G(0, Z || counter || 0...)), counter first raised. */
    private void nextAddresses() {
        input[6]++;
        compress(zero, input, address);
        compress(zero, address, address);
    }

    /** out = G(a, b) on whole blocks held in separate arrays (out may be b). */
    private void compress(long[] a, long[] b, long[] out) {
        for (int w = 0; w < WORDS; w++) {
            r[w] = a[w] ^ b[w];
        }
        System.arraycopy(r, 0, x, 0, WORDS);
        permute(r);
        for (int w = 0; w < WORDS; w++) {
            out[w] = r[w] ^ x[w];
        }
    }

    /** B[cur] = G(B[prev], B[ref]), XORed into the old B[cur] when {@code xorOld} (passes after the first, v 0x13). */
    private void fill(long[] mem, int prev, int ref, int cur, boolean xorOld) {
        long[] r = this.r;
        long[] x = this.x;
        for (int w = 0; w < WORDS; w++) {
            long v = mem[prev + w] ^ mem[ref + w];
            r[w] = v;
            x[w] = v;
        }
        if (xorOld) {
            for (int w = 0; w < WORDS; w++) {
                x[w] ^= mem[cur + w];
            }
        }
        permute(r);
        for (int w = 0; w < WORDS; w++) {
            mem[cur + w] = r[w] ^ x[w];
        }
    }

    /**
     * The permutation part of G: P on each row of the 8x8 matrix of 16-byte registers, then on each column.
     * Register i is words 2i and 2i+1.
     */
    private static void permute(long[] v) {
        for (int row = 0; row < 8; row++) { // registers 8row .. 8row+7: words 16row .. 16row+15
            int b = 16 * row;
            p(v, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7,
                    b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15);
        }
        for (int col = 0; col < 8; col++) { // registers col, col+8, .. col+56: words 2col+16k, 2col+16k+1
            int b = 2 * col;
            p(v, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49,
                    b + 64, b + 65, b + 80, b + 81, b + 96, b + 97, b + 112, b + 113);
        }
    }

    /** P of RFC 9106 section 3.6 on the words at the given indexes, v0 .. v15. */
    private static void p(long[] v, int i0, int i1, int i2, int i3, int i4, int i5, int i6, int i7,
            int i8, int i9, int i10, int i11, int i12, int i13, int i14, int i15) {
        long v0 = v[i0], v1 = v[i1], v2 = v[i2], v3 = v[i3], v4 = v[i4], v5 = v[i5], v6 = v[i6], v7 = v[i7];
        long v8 = v[i8], v9 = v[i9], v10 = v[i10], v11 = v[i11], v12 = v[i12], v13 = v[i13], v14 = v[i14], v15 = v[i15];
        // GB(v0, v4, v8, v12) .. GB(v3, v7, v11, v15), then the diagonals
        long a, b, c, d;
        a = v0; b = v4; c = v8; d = v12;
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 32);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 24);
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 16);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 63);
        v0 = a; v4 = b; v8 = c; v12 = d;
        a = v1; b = v5; c = v9; d = v13;
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 32);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 24);
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 16);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 63);
        v1 = a; v5 = b; v9 = c; v13 = d;
        a = v2; b = v6; c = v10; d = v14;
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 32);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 24);
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 16);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 63);
        v2 = a; v6 = b; v10 = c; v14 = d;
        a = v3; b = v7; c = v11; d = v15;
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 32);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 24);
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 16);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 63);
        v3 = a; v7 = b; v11 = c; v15 = d;
        a = v0; b = v5; c = v10; d = v15;
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 32);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 24);
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 16);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 63);
        v0 = a; v5 = b; v10 = c; v15 = d;
        a = v1; b = v6; c = v11; d = v12;
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 32);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 24);
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 16);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 63);
        v1 = a; v6 = b; v11 = c; v12 = d;
        a = v2; b = v7; c = v8; d = v13;
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 32);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 24);
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 16);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 63);
        v2 = a; v7 = b; v8 = c; v13 = d;
        a = v3; b = v4; c = v9; d = v14;
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 32);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 24);
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL); d = Long.rotateRight(d ^ a, 16);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL); b = Long.rotateRight(b ^ c, 63);
        v3 = a; v4 = b; v9 = c; v14 = d;
        v[i0] = v0; v[i1] = v1; v[i2] = v2; v[i3] = v3; v[i4] = v4; v[i5] = v5; v[i6] = v6; v[i7] = v7;
        v[i8] = v8; v[i9] = v9; v[i10] = v10; v[i11] = v11; v[i12] = v12; v[i13] = v13; v[i14] = v14; v[i15] = v15;
    }

    private static void le32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFFL);
        }
        return v;
    }

    private static void le64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
