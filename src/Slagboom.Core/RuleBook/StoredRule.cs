using Microsoft.EntityFrameworkCore;

namespace Slagboom.Core.RuleBook;

/// <summary>The life of a stored rule: never published, running, or taken out of service.</summary>
public static class RuleStatus
{
    public const string Draft = "draft";
    public const string Active = "active";
    public const string Retired = "retired";
}

/// <summary>
/// A rule kept in the database for one mainport (docs/rules.md, "Stored rules"). Its <see cref="Id"/> is the YAML
/// <c>id</c>, fixed at creation, so alerts keep naming the same rule across versions. Every save adds a
/// <see cref="RuleVersion"/>; publishing one makes it the <see cref="ActiveVersion"/>, which the running rules use.
/// </summary>
public sealed class StoredRule
{
    public string Id { get; set; } = "";

    public string Mainport { get; set; } = "";

    /// <summary>The sites of the active (or else latest) version's scope, comma-separated; empty for all of the mainport.</summary>
    public string Sites { get; set; } = "";

    /// <summary>Title of the latest version, for lists.</summary>
    public string Title { get; set; } = "";

    /// <summary>Type word of the latest version (<c>match</c>, <c>threshold</c>, …).</summary>
    public string Type { get; set; } = "";

    public string Status { get; set; } = RuleStatus.Draft;

    /// <summary>The published version the runtime runs (also kept when retired, to show what ran last); null before the first publish.</summary>
    public int? ActiveVersion { get; set; }

    /// <summary>The highest version number.</summary>
    public int LatestVersion { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<RuleVersion> Versions { get; set; } = [];
}

/// <summary>One saved text of a rule: immutable once written; who, when and why.</summary>
public sealed class RuleVersion
{
    public string RuleId { get; set; } = "";

    public int Number { get; set; }

    public string Yaml { get; set; } = "";

    public string? AuthorId { get; set; }

    /// <summary>The author's e-mail address at the time (the account may later be removed).</summary>
    public string Author { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public string Comment { get; set; } = "";

    public DateTime? PublishedAt { get; set; }

    public string? PublishedBy { get; set; }
}

/// <summary>A named list of plates, passes, containers or carriers of one mainport, as watch-list rules name it.</summary>
public sealed class StoredWatchlist
{
    public string Id { get; set; } = "";

    public string Mainport { get; set; } = "";

    /// <summary>The name rules use (<c>list: NAME</c>); unique within the mainport.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>plates</c>, <c>passes</c>, <c>containers</c> or <c>carriers</c>.</summary>
    public string Type { get; set; } = "";

    public string Description { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public List<WatchlistEntry> Entries { get; set; } = [];
}

/// <summary>One value on a watch list, normalised as events are, with why it is there and until when.</summary>
public sealed class WatchlistEntry
{
    public long Id { get; set; }

    public string WatchlistId { get; set; } = "";

    public string Value { get; set; } = "";

    public string Note { get; set; } = "";

    /// <summary>After this moment (UTC) the value no longer counts; null for no end.</summary>
    public DateTime? ExpiresAt { get; set; }

    public DateTime AddedAt { get; set; }

    public string AddedBy { get; set; } = "";
}

/// <summary>The tables of stored rules and watch lists (applied by <c>AppDbContext</c>).</summary>
public static class RuleBookStorage
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<StoredRule>(e =>
        {
            e.ToTable("Rules");
            e.Property(r => r.Id).HasMaxLength(100);
            e.Property(r => r.Mainport).HasMaxLength(3);
            e.Property(r => r.Sites).HasMaxLength(1000);
            e.Property(r => r.Title).HasMaxLength(300);
            e.Property(r => r.Type).HasMaxLength(16);
            e.Property(r => r.Status).HasMaxLength(16);
            e.HasMany(r => r.Versions).WithOne().HasForeignKey(v => v.RuleId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.Mainport, r.Status });
        });
        builder.Entity<RuleVersion>(e =>
        {
            e.ToTable("RuleVersions");
            e.HasKey(v => new { v.RuleId, v.Number });
            e.Property(v => v.Yaml).HasMaxLength(RuleBookService.MaxYamlChars);
            e.Property(v => v.AuthorId).HasMaxLength(64);
            e.Property(v => v.Author).HasMaxLength(320);
            e.Property(v => v.Comment).HasMaxLength(1000);
            e.Property(v => v.PublishedBy).HasMaxLength(320);
        });
        builder.Entity<StoredWatchlist>(e =>
        {
            e.ToTable("Watchlists");
            e.Property(w => w.Id).HasMaxLength(32);
            e.Property(w => w.Mainport).HasMaxLength(3);
            e.Property(w => w.Name).HasMaxLength(100);
            e.Property(w => w.Type).HasMaxLength(16);
            e.Property(w => w.Description).HasMaxLength(1000);
            e.HasIndex(w => new { w.Mainport, w.Name }).IsUnique();
            e.HasMany(w => w.Entries).WithOne().HasForeignKey(x => x.WatchlistId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<WatchlistEntry>(e =>
        {
            e.ToTable("WatchlistEntries");
            e.Property(x => x.WatchlistId).HasMaxLength(32);
            e.Property(x => x.Value).HasMaxLength(200);
            e.Property(x => x.Note).HasMaxLength(500);
            e.Property(x => x.AddedBy).HasMaxLength(320);
            e.HasIndex(x => new { x.WatchlistId, x.Value }).IsUnique();
        });
    }
}
