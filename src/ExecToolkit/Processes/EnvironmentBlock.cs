using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;

namespace ExecToolkit.Processes;

/// <summary>
/// Variables for a child's environment, written as <c>NAME=value\0</c> entries end to end in one pooled buffer: the
/// form <c>execve</c> takes, built without an array per variable. Dispose returns the buffer.
/// </summary>
internal sealed class EnvironmentBlock : IDisposable
{
    private byte[] buffer;
    private int length;
    private int valueStart = -1;
    private int valueRoom;

    public EnvironmentBlock(int capacity = 2048) => buffer = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>The number of complete entries.</summary>
    public int Count { get; private set; }

    /// <summary>The complete entries, each ending with a NUL.</summary>
    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, length);

    /// <summary>The complete entries of a block as name and value, decoded as the request's text; none for null.</summary>
    public static KeyValuePair<string, string>[] Entries(EnvironmentBlock? block)
    {
        if (block is null || block.Count == 0)
        {
            return [];
        }

        var entries = new KeyValuePair<string, string>[block.Count];
        ReadOnlySpan<byte> rest = block.Bytes;
        for (int i = 0; i < entries.Length; i++)
        {
            int end = rest.IndexOf((byte)0);
            ReadOnlySpan<byte> entry = rest[..end];
            int equals = entry.IndexOf((byte)'=');
            entries[i] = new(Sip.SipText.Decode(entry[..equals]), Sip.SipText.Decode(entry[(equals + 1)..]));
            rest = rest[(end + 1)..];
        }

        return entries;
    }

    /// <summary>The value of the last complete entry named <paramref name="name"/>, decoded as the request's text; null when none.</summary>
    public string? Lookup(string name)
    {
        string? value = null;
        ReadOnlySpan<byte> rest = Bytes;
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)0);
            ReadOnlySpan<byte> entry = end < 0 ? rest : rest[..end];
            if (ValueOf(entry, name, out ReadOnlySpan<byte> found))
            {
                value = Sip.SipText.Decode(found);
            }

            rest = end < 0 ? default : rest[(end + 1)..];
        }

        return value;
    }

    /// <summary>Whether a <c>NAME=value</c> entry is named <paramref name="name"/> (ASCII), and its value.</summary>
    internal static bool ValueOf(ReadOnlySpan<byte> entry, string name, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (entry.Length <= name.Length || entry[name.Length] != (byte)'=')
        {
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            if (entry[i] != name[i])
            {
                return false;
            }
        }

        value = entry[(name.Length + 1)..];
        return true;
    }

    /// <summary>Starts an entry: writes <c>NAME=</c> and returns room for a value of at most <paramref name="maxLength"/> bytes.</summary>
    /// <param name="name">The variable's name (ASCII; other characters become <c>?</c>).</param>
    /// <param name="maxLength">The most the value can take.</param>
    public Span<byte> Begin(string name, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        Ensure(length + name.Length + maxLength + 2);
        int written = Encoding.ASCII.GetBytes(name, buffer.AsSpan(length));
        buffer[length + written] = (byte)'=';
        valueStart = length + written + 1;
        valueRoom = maxLength;
        return buffer.AsSpan(valueStart, maxLength);
    }

    /// <summary>Ends the entry begun last: its value is the first <paramref name="valueLength"/> bytes written.</summary>
    public void Commit(int valueLength)
    {
        if (valueStart < 0 || valueLength < 0 || valueLength > valueRoom)
        {
            throw new InvalidOperationException("no entry begun, or a value longer than its room");
        }

        buffer[valueStart + valueLength] = 0;
        length = valueStart + valueLength + 1;
        valueStart = -1;
        Count++;
    }

    /// <summary>Drops the entry begun last: nothing of it stays.</summary>
    public void Cancel()
    {
        if (valueStart < 0)
        {
            throw new InvalidOperationException("no entry begun");
        }

        valueStart = -1;
    }

    public void Dispose()
    {
        byte[] returned = buffer;
        buffer = [];
        length = 0;
        Count = 0;
        if (returned.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(returned);
        }
    }

    private void Ensure(int needed)
    {
        if (needed <= buffer.Length)
        {
            return;
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        buffer.AsSpan(0, length).CopyTo(larger);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = larger;
    }
}
