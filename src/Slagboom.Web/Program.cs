using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Hosting;
using Slagboom.Web.Features;
using Slagboom.Web.Infrastructure;

// Slagboom's web host: pages and API in one process; several such processes may share one PostgreSQL database.
var options = StartOptions.Parse(args);
var builder = WebApplication.CreateBuilder(options.HostArgs);
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls(StartOptions.DefaultUrl);
}

var settings = SlagboomSettings.FromConfiguration(builder.Configuration);
builder.Services.AddSlagboomCore(settings);
builder.Services.AddSlagboomWeb(builder.Configuration);

var app = builder.Build();
await app.PrepareAsync(settings, options);
app.UseSlagboomPipeline();
app.MapSlagboomEndpoints();
await app.RunAsync();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
