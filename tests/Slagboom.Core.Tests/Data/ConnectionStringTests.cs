using Npgsql;
using Slagboom.Core.Hosting;

namespace Slagboom.Core.Tests.Data;

/// <summary>Slagboom asks Npgsql to prepare repeated statements, unless the operator's connection string decides.</summary>
public sealed class ConnectionStringTests
{
    [Fact]
    public void PreparedStatements_AreOnByDefault_AndTheOperatorsChoiceStands()
    {
        var added = new NpgsqlConnectionStringBuilder(CoreServices.WithPreparedStatements("Host=db;Database=slagboom;Username=app"));
        Assert.Equal(200, added.MaxAutoPrepare);
        Assert.Equal("db", added.Host);
        Assert.Equal("slagboom", added.Database);

        Assert.Equal(0, new NpgsqlConnectionStringBuilder(CoreServices.WithPreparedStatements("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(20, new NpgsqlConnectionStringBuilder(CoreServices.WithPreparedStatements("Host=db;max auto prepare=20")).MaxAutoPrepare);
    }
}
