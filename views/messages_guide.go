package views

// guideTexts words the guide's step details (store.GuideProgress.StepDetails).
var guideTexts = map[string]texts{
	"guide.connection.todo": {"A connection at %s or %s.", "Eine Verbindung in %s oder %s."},
	"guide.connection.done": {"Done: %s at %s.", "Erledigt: %s in %s."},
	"guide.locations.done":  {"Done: %s at %s, %s at %s.", "Erledigt: %s in %s, %s in %s."},
	"guide.gateway.done":    {"Done: %s on %s.", "Erledigt: %s für %s."},
	"guide.interface.done":  {"Done: %s has an interface at %s.", "Erledigt: %s hat eine Schnittstelle in %s."},
	"guide.interfaces.done": {"Done: %s has interfaces at %s and %s.", "Erledigt: %s hat Schnittstellen in %s und %s."},
}

func init() { catalogues = append(catalogues, guideTexts) }
