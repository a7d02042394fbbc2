using System;
using System.Text;
using CsCheck;

namespace ExecToolkit.Tests.Exec;

/// <summary>SIP_TID's MD5 against .NET's (OpenSSL's on Linux).</summary>
public class Md5Tests
{
    private static string Ours(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Md5.HashSize];
        Md5.HashData(data, hash);
        return Convert.ToHexStringLower(hash);
    }

#pragma warning disable CA5351 // the reference implementation of what is checked
    private static string Reference(byte[] data) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(data));
#pragma warning restore CA5351

    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void Rfc_1321_test_suite(string text, string digest)
        => Assert.Equal(digest, Ours(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Every_length_around_the_block_and_padding_boundaries_matches_dotnet()
    {
        var random = new Random(1321);
        for (int length = 0; length <= 200; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Reference(data), Ours(data));
        }
    }

    [Fact]
    public void Random_inputs_up_to_several_blocks_match_dotnet()
        => Gen.Byte.Array[0, 1000].Sample(data => Assert.Equal(Reference(data), Ours(data)));

    [Fact]
    public void A_destination_shorter_than_16_bytes_is_refused()
        => Assert.Throws<ArgumentException>(() => Md5.HashData([1, 2, 3], new byte[15]));
}
