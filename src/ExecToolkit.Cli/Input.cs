using System;
using System.IO;
using System.Net;
using ExecToolkit.Sip;

namespace ExecToolkit.Cli;

/// <summary>
/// Where the commands read from: a file, or standard input for <c>-</c> (once per run: a second <c>-</c> would
/// read nothing). I/O failures become one-line usage errors.
/// </summary>
internal sealed class Input(Stream stdin)
{
    private bool _stdinTaken;

    public byte[] ReadBytes(string file)
    {
        if (file == "-")
        {
            using var buffer = new MemoryStream();
            TakeStdin().CopyTo(buffer);
            return buffer.ToArray();
        }

        if (Directory.Exists(file))
        {
            throw new CommandLineException("cannot read '" + file + "': it is a directory");
        }

        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandLineException("cannot read '" + file + "': no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException("cannot read '" + file + "': " + e.Message);
        }
    }

    /// <summary>A SIP message, parsed as a Kamailio route sees it (lenient: a bad header is kept, not fatal).</summary>
    public RequestContext ReadRequest(string file, IPEndPoint? source)
        => RequestContext.Parse(ReadBytes(file), SipParseMode.Lenient, source);

    private Stream TakeStdin()
    {
        if (_stdinTaken)
        {
            throw new CommandLineException("'-' (standard input) can be given only once");
        }

        _stdinTaken = true;
        return stdin;
    }
}
