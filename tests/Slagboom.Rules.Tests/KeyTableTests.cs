namespace Slagboom.Rules.Tests;

/// <summary><see cref="KeyTable"/>: the engine's map from keys to state slots, checked against a dictionary.</summary>
public sealed class KeyTableTests
{
    [Fact]
    public void FindAddRemove_AgreeWithADictionary_OverManyKeysAddedAndRemoved()
    {
        var table = new KeyTable();
        var expected = new Dictionary<GroupKey, int>();
        var free = new Stack<int>();
        var next = 0;
        var random = new Random(5);

        // Enough keys to grow the table and the text chunks many times, with removals in between (backward shifts,
        // chunks emptied and reused), and keys of every shape: one to three parts, null and empty parts, long text.
        for (var step = 0; step < 120_000; step++)
        {
            var key = RandomKey(random);
            var slot = table.Find(key);
            Assert.Equal(expected.TryGetValue(key, out var known) ? known : -1, slot);
            if (slot < 0)
            {
                slot = free.Count > 0 ? free.Pop() : next++;
                table.Add(key, slot);
                expected[key] = slot;
            }
            else if (random.Next(3) == 0)
            {
                table.Remove(slot);
                expected.Remove(key);
                free.Push(slot);
                Assert.False(table.Holds(slot));
            }

            if (step % 20_000 == 0)
            {
                // Expire about half of what is held, oldest slots first, as a sweep does.
                foreach (var (old, oldSlot) in expected.Where(p => p.Value % 2 == step % 3).ToList())
                {
                    table.Remove(oldSlot);
                    expected.Remove(old);
                    free.Push(oldSlot);
                }
            }
        }

        Assert.Equal(expected.Count, table.Count);
        foreach (var (key, slot) in expected)
        {
            Assert.Equal(slot, table.Find(key));
            Assert.True(table.Holds(slot));
            Assert.Equal(key, table.KeyOf(slot));
        }
    }

    [Fact]
    public void Keys_DifferingOnlyInHowTextIsSplitOverParts_AreDifferentKeys()
    {
        var table = new KeyTable();
        table.Add(new GroupKey("AB", "C", null), 0);
        table.Add(new GroupKey("A", "BC", null), 1);
        table.Add(new GroupKey("ABC", null, null), 2);
        table.Add(new GroupKey("ABC", "", null), 3);

        Assert.Equal(0, table.Find(new GroupKey("AB", "C", null)));
        Assert.Equal(1, table.Find(new GroupKey("A", "BC", null)));
        Assert.Equal(2, table.Find(new GroupKey("ABC", null, null)));
        Assert.Equal(3, table.Find(new GroupKey("ABC", "", null)));
        Assert.Equal(-1, table.Find(new GroupKey("abc", null, null)));
        Assert.Equal(new GroupKey("ABC", "", null), table.KeyOf(3));
        Assert.Null(table.KeyOf(2).B);
    }

    [Fact]
    public void Segments_GrowWithoutMovingRows_AndStartNewRowsAsTold()
    {
        var segments = new Segments<long>(3, Segments<long>.SlotsFor(3), static row => row.Fill(-1));
        while (segments.Capacity < 10_000)
        {
            segments.Grow();
        }

        for (var slot = 0; slot < 10_000; slot++)
        {
            Assert.Equal([-1L, -1L, -1L], segments.Row(slot).ToArray());
            segments.Row(slot)[2] = slot;
        }

        segments.Grow();
        Assert.Equal(4_000L, segments.Row(4_000)[2]);
        Assert.Equal(-1L, segments[4_000]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Segments<long>(1, 1000));
    }

    private static GroupKey RandomKey(Random random)
    {
        string? Part(bool nullable) => random.Next(1000) switch
        {
            < 100 when nullable => null,
            < 200 => "",
            < 202 => new string('x', 33_000 + random.Next(3)), // longer than a text chunk
            _ => "K" + random.Next(60_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        return random.Next(3) switch
        {
            0 => new GroupKey(Part(false), null, null),
            1 => new GroupKey(Part(false), Part(true), null),
            _ => new GroupKey(Part(false), Part(false), Part(true)),
        };
    }
}
