using System;
using System.Text;

namespace ExecToolkit.Sip;

/// <summary>
/// Lossless conversion between the bytes of a SIP message and .NET strings.
/// </summary>
/// <remarks>
/// SIP messages are mostly UTF-8, but Kamailio passes any byte through unchanged. Valid UTF-8 is decoded as usual;
/// every byte that is not part of a valid UTF-8 sequence becomes the lone surrogate <c>U+DC80 + (byte - 0x80)</c>
/// (the "surrogateescape" scheme). <see cref="Encode(string)"/> turns those surrogates back into the original bytes,
/// so a value read from a request reaches a child process byte for byte.
/// </remarks>
public static class SipText
{
    /// <summary>Decodes bytes, escaping invalid UTF-8 bytes as lone surrogates.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) < 0)
        {
            return Encoding.ASCII.GetString(bytes);
        }

        var sb = new StringBuilder(bytes.Length);
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            if (b < 0x80)
            {
                sb.Append((char)b);
                i++;
                continue;
            }

            int length = SequenceLength(bytes, i);
            if (length == 0)
            {
                sb.Append((char)(0xDC00 + b));
                i++;
                continue;
            }

            int codePoint = length switch
            {
                2 => ((b & 0x1F) << 6) | (bytes[i + 1] & 0x3F),
                3 => ((b & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F),
                _ => ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) | ((bytes[i + 2] & 0x3F) << 6) | (bytes[i + 3] & 0x3F),
            };
            sb.Append(char.ConvertFromUtf32(codePoint));
            i += length;
        }

        return sb.ToString();
    }

    /// <summary>Encodes a string as UTF-8, turning escaped bytes (<c>U+DC80..U+DCFF</c>) back into single bytes.</summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasEscapedBytes(text))
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var buffer = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        int written = Encode(text, buffer);
        return buffer.AsSpan(0, written).ToArray();
    }

    /// <summary>Encodes into <paramref name="destination"/> and returns the number of bytes written.</summary>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        int written = 0;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                written += Encoding.UTF8.GetBytes(text[start..i], destination[written..]);
                destination[written++] = (byte)(c - 0xDC00);
                start = i + 1;
            }
        }

        written += Encoding.UTF8.GetBytes(text[start..], destination[written..]);
        return written;
    }

    /// <summary>The number of bytes <see cref="Encode(string)"/> produces.</summary>
    public static int GetByteCount(ReadOnlySpan<char> text)
    {
        int count = 0;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                count += Encoding.UTF8.GetByteCount(text[start..i]) + 1;
                start = i + 1;
            }
        }

        return count + Encoding.UTF8.GetByteCount(text[start..]);
    }

    private static bool HasEscapedBytes(string text)
    {
        foreach (char c in text)
        {
            if (c >= 0xDC80 && c <= 0xDCFF)
            {
                return true;
            }
        }

        return false;
    }

    // Length of the valid UTF-8 sequence starting at i, or 0 when the byte there does not start one.
    private static int SequenceLength(ReadOnlySpan<byte> s, int i)
    {
        byte b = s[i];
        int length;
        int min;
        if (b >= 0xC2 && b <= 0xDF)
        {
            length = 2;
            min = 0x80;
        }
        else if (b >= 0xE0 && b <= 0xEF)
        {
            length = 3;
            min = 0x800;
        }
        else if (b >= 0xF0 && b <= 0xF4)
        {
            length = 4;
            min = 0x10000;
        }
        else
        {
            return 0;
        }

        if (i + length > s.Length)
        {
            return 0;
        }

        int cp = b & (0xFF >> (length + 1));
        for (int k = 1; k < length; k++)
        {
            byte c = s[i + k];
            if ((c & 0xC0) != 0x80)
            {
                return 0;
            }

            cp = (cp << 6) | (c & 0x3F);
        }

        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        {
            return 0;
        }

        return length;
    }
}
