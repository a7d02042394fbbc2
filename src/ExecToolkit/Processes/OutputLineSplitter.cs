using System;
using ExecToolkit.Sip;

namespace ExecToolkit.Processes;

/// <summary>
/// Splits command output into lines exactly as Kamailio's <c>fgets(buf, 1024, pipe)</c> loop does: a chunk ends after a
/// newline or after 1023 bytes, so a longer line becomes several lines; a NUL ends the chunk's text (<c>strlen</c>);
/// each chunk is right-trimmed of CR, LF, TAB and space (leading whitespace is kept); empty chunks are skipped.
/// </summary>
internal sealed class OutputLineSplitter : IDisposable
{
    /// <summary>Bytes per <c>fgets</c> call: <c>MAX_URI_SIZE</c> (1024) minus the terminating NUL.</summary>
    public const int ChunkSize = 1023;

    // From the shared pool (a fresh kilobyte per command would be written and dropped every time).
    private byte[] chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkSize);
    private readonly Func<string, bool> onLine;
    private int length;

    /// <param name="onLine">Called with each non-empty line; returns false to stop.</param>
    public OutputLineSplitter(Func<string, bool> onLine) => this.onLine = onLine;

    /// <summary>Whether a sink asked to stop.</summary>
    public bool Stopped { get; private set; }

    public void Dispose()
    {
        byte[] returned = chunk;
        chunk = [];
        if (returned.Length > 0)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(returned);
        }
    }

    /// <summary>Non-empty lines delivered.</summary>
    public int Lines { get; private set; }

    /// <summary>Feeds bytes; returns false once the sink asked to stop.</summary>
    public bool Feed(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            if (Stopped)
            {
                return false;
            }

            chunk[length++] = b;
            if (b == (byte)'\n' || length == ChunkSize)
            {
                Emit();
            }
        }

        return !Stopped;
    }

    /// <summary>End of output: the last line without a newline is processed normally.</summary>
    public void Complete()
    {
        if (length > 0 && !Stopped)
        {
            Emit();
        }
    }

    private void Emit()
    {
        ReadOnlySpan<byte> text = chunk.AsSpan(0, length);
        length = 0;
        int nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }

        text = text.TrimEnd("\r\n\t "u8);
        if (text.IsEmpty)
        {
            return;
        }

        Lines++;
        if (!onLine(SipText.Decode(text)))
        {
            Stopped = true;
        }
    }
}
