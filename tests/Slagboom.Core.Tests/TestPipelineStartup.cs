[assembly: Xunit.v3.TestPipelineStartup(typeof(Slagboom.Testing.TestPipeline))]
