package views

// verdictTexts words the redundancy verdicts (store.GatewayVerdict).
var verdictTexts = map[string]texts{
	"verdict.redundant":       {"Redundant: %v", "Redundant: %v"},
	"verdict.spof.connection": {"Single point of failure: connection %v at %v", "Single Point of Failure: Verbindung %v in %v"},
	"verdict.spof.location":   {"Single point of failure: location %v", "Single Point of Failure: Standort %v"},
	"verdict.no_path":         {"No path", "Kein Pfad"},
}

func init() { catalogues = append(catalogues, verdictTexts) }
