using Slagboom.Web.Features.Account;
using Slagboom.Web.Features.Attachments;
using Slagboom.Web.Features.Cases;
using Slagboom.Web.Features.Events;
using Slagboom.Web.Features.Exports;
using Slagboom.Web.Features.Graph;
using Slagboom.Web.Features.Health;
using Slagboom.Web.Features.Imports;
using Slagboom.Web.Features.Observables;
using Slagboom.Web.Features.Organisations;
using Slagboom.Web.Features.Programme;
using Slagboom.Web.Features.Reports;
using Slagboom.Web.Features.Search;
using Slagboom.Web.Features.Sharing;
using Slagboom.Web.Features.Signals;
using Slagboom.Web.Features.Users;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features;

/// <summary>The table of contents of the HTTP surface.</summary>
public static class Endpoints
{
    public static WebApplication MapSlagboomEndpoints(this WebApplication app)
    {
        app.MapHealth();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapCultureSwitch();

        var api = app.MapGroup("/api/v1").WithTags("v1");
        api.MapMe();
        api.MapMainports();
        api.MapOrganisations();
        api.MapUsers();
        api.MapSharingGroups();
        api.MapSignals();
        api.MapObservables();
        api.MapAttachments();
        api.MapExports();
        api.MapGraph();
        api.MapReports();
        api.MapCases();
        api.MapSearch();
        api.MapImports();
        api.MapEvents();
        api.MapAlerts();
        Slagboom.Web.Features.Rules.RulesApi.MapRules(api);
        Slagboom.Web.Features.Triage.TriageApi.MapTriage(api);

        app.MapRazorPages();
        return app;
    }
}
