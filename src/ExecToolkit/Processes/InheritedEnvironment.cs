using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ExecToolkit.Sip;

namespace ExecToolkit.Processes;

/// <summary>
/// The environment commands inherit, laid out once as <c>execve</c> reads it: every <c>NAME=value</c> entry
/// NUL-terminated, end to end in one pinned array, and the address of each. A start copies the addresses (a few hundred
/// bytes) instead of every entry from its own array; made when the executor is created and again on
/// <see cref="SipExec.RefreshEnvironment"/>, never changed after. With it, read at the same time, the signals the
/// server handles or ignores, which the native start sets back to their default in each child (NativeSpawn).
/// </summary>
internal sealed unsafe class InheritedEnvironment
{
    private readonly byte[] strings;
    private readonly nint[] addresses;

    public InheritedEnvironment(byte[][] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        int total = 0;
        foreach (byte[] entry in entries)
        {
            total += entry.Length + 1;
        }

        // Pinned: the addresses stay valid for the life of this object (a start keeps it alive while it runs).
        strings = GC.AllocateUninitializedArray<byte>(Math.Max(total, 1), pinned: true);
        addresses = new nint[entries.Length];
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(strings));
        int offset = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            byte[] entry = entries[i];
            entry.CopyTo(strings, offset);
            strings[offset + entry.Length] = 0;
            addresses[i] = (nint)(start + offset);
            offset += entry.Length + 1;
        }
    }

    /// <summary>The signals not at their default disposition when this was made (NativeSpawn.SignalsNotAtDefault).</summary>
    public ulong SignalsToReset { get; } = NativeSpawn.SignalsNotAtDefault();

    /// <summary>The entries, sorted by bytes.</summary>
    public byte[][] Entries { get; }

    /// <summary>The address of each entry's NUL-terminated copy, in the order of <see cref="Entries"/>.</summary>
    public ReadOnlySpan<nint> Addresses => addresses;

    /// <summary>The server's environment as .NET sees it now (changes made with Environment.SetEnvironmentVariable included).</summary>
    public static InheritedEnvironment Current()
    {
        var entries = new List<byte[]>();
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            entries.Add(SipText.Encode((string)e.Key + "=" + (string?)e.Value));
        }

        entries.Sort(static (a, b) => a.AsSpan().SequenceCompareTo(b));
        return new InheritedEnvironment([.. entries]);
    }
}
