using System;
using System.Text;
using ExecToolkit.Processes;

namespace ExecToolkit.Tests.Exec;

public class EnvironmentBlockTests
{
    [Fact]
    public void Entries_are_NAME_equals_value_each_ending_with_a_NUL_and_survive_growth()
    {
        using var block = new EnvironmentBlock(capacity: 4);
        string big = new('x', 70_000);
        Write(block, "A", "1");
        Write(block, "SIP_HF_X", big);
        Write(block, "EMPTY", "");

        Assert.Equal(3, block.Count);
        Assert.Equal("A=1\0SIP_HF_X=" + big + "\0EMPTY=\0", Encoding.ASCII.GetString(block.Bytes));
    }

    [Fact]
    public void Lookup_finds_the_last_entry_of_exactly_that_name_as_the_shell_does()
    {
        using var block = new EnvironmentBlock();
        Write(block, "PATHX", "no");
        Write(block, "PATH", "/first");
        Write(block, "XPATH", "no");
        Write(block, "EMPTY", "");
        Write(block, "PATH", "/last");
        Write(block, "P", "short");

        Assert.Equal("/last", block.Lookup("PATH"));
        Assert.Equal("", block.Lookup("EMPTY"));
        Assert.Equal("short", block.Lookup("P"));
        Assert.Null(block.Lookup("PAT"));
        Assert.Null(block.Lookup("MISSING"));
        Assert.Null(block.Lookup("PATHé"));
        Assert.Equal("/last", ProgramSearch.Lookup(Split("PATHX=no", "PATH=/first", "PATH=/last"), "PATH"));
        Assert.Null(ProgramSearch.Lookup(Split("PATHX=no", "XPATH=no"), "PATH"));
    }

    private static byte[][] Split(params string[] entries) => Array.ConvertAll(entries, Encoding.ASCII.GetBytes);

    [Fact]
    public void A_value_shorter_than_its_room_ends_where_committed()
    {
        using var block = new EnvironmentBlock();
        Span<byte> room = block.Begin("V", 10);
        "abc"u8.CopyTo(room);
        block.Commit(3);

        Assert.Equal("V=abc\0", Encoding.ASCII.GetString(block.Bytes));
    }

    [Fact]
    public void Commit_without_an_entry_begun_or_past_the_room_throws()
    {
        using var block = new EnvironmentBlock();
        Assert.Throws<InvalidOperationException>(() => block.Commit(0));
        block.Begin("V", 2);
        Assert.Throws<InvalidOperationException>(() => block.Commit(3));
    }

    private static void Write(EnvironmentBlock block, string name, string value)
    {
        Span<byte> room = block.Begin(name, value.Length);
        Encoding.ASCII.GetBytes(value, room);
        block.Commit(value.Length);
    }
}
