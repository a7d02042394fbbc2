using System;
using System.Buffers.Binary;
using System.Numerics;

namespace ExecToolkit;

/// <summary>
/// MD5 (RFC 1321) for <c>SIP_TID</c>, Kamailio's transaction key: an identifier, not a security measure. Written here
/// rather than taken from <c>System.Security.Cryptography</c>, which on Linux calls into OpenSSL: for the hundred-odd
/// bytes of a transaction key that call cost more than the hashing (12 % of the server thread's user time per
/// exec_dset in <c>perf</c> on the exec benchmark), and the environment then needs no libssl on the machine.
/// Checked against <c>System.Security.Cryptography.MD5</c> in <c>Md5Tests</c>.
/// </summary>
internal static class Md5
{
    public const int HashSize = 16;

    // floor(abs(sin(i + 1)) * 2^32), RFC 1321 section 3.4.
    private static ReadOnlySpan<uint> Sines =>
    [
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
        0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
        0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
        0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
        0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
        0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
        0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
        0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
    ];

    // The rotation of each step: four per round, repeated four times.
    private static ReadOnlySpan<byte> Rotations =>
    [
        7, 12, 17, 22,
        5, 9, 14, 20,
        4, 11, 16, 23,
        6, 10, 15, 21,
    ];

    /// <summary>Writes the 16-byte digest of <paramref name="data"/> to <paramref name="destination"/>.</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException("the destination holds fewer than 16 bytes", nameof(destination));
        }

        Span<uint> state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
        int whole = data.Length & ~63;
        for (int offset = 0; offset < whole; offset += 64)
        {
            Compress(state, data.Slice(offset, 64));
        }

        // Padding: the rest, a 1 bit, zeros up to 8 bytes short of a block boundary, the length in bits (little-endian).
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        ReadOnlySpan<byte> rest = data[whole..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        int tailLength = rest.Length < 56 ? 64 : 128;
        BinaryPrimitives.WriteUInt64LittleEndian(tail[(tailLength - 8)..], (ulong)data.Length * 8);
        for (int offset = 0; offset < tailLength; offset += 64)
        {
            Compress(state, tail.Slice(offset, 64));
        }

        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(i * 4)..], state[i]);
        }
    }

    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> words = stackalloc uint[16];
        for (int i = 0; i < 16; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3];
        for (int step = 0; step < 64; step++)
        {
            uint mixed;
            int word;
            switch (step >> 4)
            {
                case 0:
                    mixed = (b & c) | (~b & d);
                    word = step;
                    break;
                case 1:
                    mixed = (d & b) | (~d & c);
                    word = ((5 * step) + 1) & 15;
                    break;
                case 2:
                    mixed = b ^ c ^ d;
                    word = ((3 * step) + 5) & 15;
                    break;
                default:
                    mixed = c ^ (b | ~d);
                    word = (7 * step) & 15;
                    break;
            }

            uint sum = a + mixed + Sines[step] + words[word];
            a = d;
            d = c;
            c = b;
            b += BitOperations.RotateLeft(sum, Rotations[((step >> 4) * 4) + (step & 3)]);
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }
}
