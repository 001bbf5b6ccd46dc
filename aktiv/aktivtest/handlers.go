package aktivtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/internal/fake"
)

// The wire types below spell the vendor's format out on their own, rather
// than reusing the client's JSON tags, so that a fault in either side shows
// up in tests instead of cancelling out.

type userWire struct {
	ID          int64       `json:"_id"`
	CompanyName string      `json:"companyname"`
	Confirmed   bool        `json:"confirmed"`
	CountryID   int         `json:"countryid"`
	Email       string      `json:"email"`
	Phone       string      `json:"phone"`
	Status      bool        `json:"status"`
	Details     detailsWire `json:"userdetails"`
}

type detailsWire struct {
	ID            int64        `json:"_id"`
	FirstName     string       `json:"firstname"`
	LastName      string       `json:"lastname"`
	LastVisitDate int64        `json:"lastvisitdate"`
	Role          roleWire     `json:"role"`
	Settings      settingsWire `json:"settings"`
}

type roleWire struct {
	ID             int    `json:"_id"`
	CreateOrders   bool   `json:"createorders"`
	CreateProducts bool   `json:"createproducts"`
	CreateUsers    bool   `json:"createusers"`
	ManageProtect  bool   `json:"manageprotect"`
	NameEng        string `json:"nameeng"`
}

type settingsWire struct {
	Language int `json:"language"`
}

type accessCodeWire struct {
	ID      int          `json:"_id"`
	Private *privateWire `json:"private,omitempty"`
	Public  publicWire   `json:"public"`
}

type privateWire struct {
	MasterValue string `json:"mastervalue"`
	ReadValue   string `json:"readvalue"`
	WriteValue  string `json:"writevalue"`
}

type publicWire struct {
	Text  string `json:"text"`
	Value string `json:"value"`
}

type balanceWire struct {
	ID                    int64  `json:"_id"`
	ActivationsCount      int64  `json:"activationscount"`
	ActivationsLimit      int64  `json:"activationslimit"`
	CompanyName           string `json:"companyname"`
	CountryID             int    `json:"countryid"`
	IsPostpaid            bool   `json:"ispostpaid"`
	LocalLicensesBalance  int64  `json:"locallicensesbalance"`
	NetLicensesBalance    int64  `json:"netlicensesbalance"`
	Phone                 string `json:"phone"`
	Status                int    `json:"status"`
	SubscriptionBeginDate int64  `json:"subscriptionbegindate"`
	SubscriptionEndDate   int64  `json:"subscriptionenddate"`
}

// profileRequest is PUT /v1.0/profile's camelCase body; every field is
// required, since the PUT replaces them all. The pointers catch a null.
type profileRequest struct {
	CompanyName *string `json:"companyName"`
	CountryID   *int    `json:"countryId"`
	Phone       *string `json:"phone"`
	FirstName   *string `json:"firstName"`
	LastName    *string `json:"lastName"`
}

type settingsRequest struct {
	Lang *int `json:"lang"`
}

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	_, u, _ := s.caller(r)
	fake.WriteJSON(w, http.StatusOK, map[string]userWire{"user": toUserWire(u)})
}

func (s *Server) getAccessCodes(w http.ResponseWriter, r *http.Request) {
	_, u, _ := s.caller(r)
	private := u.Details.Role.SeesPrivateCodes()
	out := []accessCodeWire{}
	codes, _ := s.AccessCodes()
	for _, c := range codes {
		cw := accessCodeWire{ID: c.ID, Public: publicWire{Text: c.Public.Text, Value: hex(c.Public.Value)}}
		if private && c.Private != nil {
			master, read, write := c.Private.Reveal()
			cw.Private = &privateWire{MasterValue: hex(master), ReadValue: hex(read), WriteValue: hex(write)}
		}
		out = append(out, cw)
	}
	fake.WriteJSON(w, http.StatusOK, map[string][]accessCodeWire{"accesscodes": out})
}

func (s *Server) getBalance(w http.ResponseWriter, r *http.Request) {
	if _, u, _ := s.caller(r); !isAdmin(u) {
		writeError(w, r, http.StatusForbidden, MessageForbidden)
		return
	}
	b, _ := s.Balance()
	fake.WriteJSON(w, http.StatusOK, map[string]balanceWire{"balance": {
		ID: b.ID, ActivationsCount: b.ActivationsCount, ActivationsLimit: b.ActivationsLimit,
		CompanyName: b.CompanyName, CountryID: b.CountryID, IsPostpaid: b.IsPostpaid,
		LocalLicensesBalance: b.LocalLicensesBalance, NetLicensesBalance: b.NetLicensesBalance,
		Phone: b.Phone, Status: b.Status,
		SubscriptionBeginDate: unix(b.SubscriptionBegin), SubscriptionEndDate: unix(b.SubscriptionEnd),
	}})
}

// putProfile changes the caller's names and the company's name, country
// and phone, which every user of the company and the balance share.
func (s *Server) putProfile(w http.ResponseWriter, r *http.Request) {
	token, caller, _ := s.caller(r)
	if !isAdmin(caller) {
		writeError(w, r, http.StatusForbidden, MessageForbidden)
		return
	}
	var req profileRequest
	if !decodeStrict(r, &req, "companyName", "countryId", "phone", "firstName", "lastName") ||
		req.CompanyName == nil || req.CountryID == nil || req.Phone == nil || req.FirstName == nil || req.LastName == nil {
		writeError(w, r, http.StatusBadRequest, "The body must be a JSON object with companyName, countryId, phone, firstName and lastName.")
		return
	}
	s.state.With(func(st *state) {
		for _, u := range st.users {
			u.CompanyName, u.CountryID, u.Phone = *req.CompanyName, *req.CountryID, *req.Phone
		}
		if u := st.users[token]; u != nil {
			u.Details.FirstName, u.Details.LastName = *req.FirstName, *req.LastName
		}
		st.balance.CompanyName, st.balance.CountryID, st.balance.Phone = *req.CompanyName, *req.CountryID, *req.Phone
	})
	w.WriteHeader(http.StatusOK)
}

func (s *Server) putSettings(w http.ResponseWriter, r *http.Request) {
	token, _, _ := s.caller(r)
	var req settingsRequest
	if !decodeStrict(r, &req, "lang") || req.Lang == nil || *req.Lang < 0 {
		writeError(w, r, http.StatusBadRequest, `The body must be {"lang": N} with N not negative.`)
		return
	}
	s.state.With(func(st *state) {
		if u := st.users[token]; u != nil {
			u.Details.Settings.Language = *req.Lang
		}
	})
	w.WriteHeader(http.StatusOK)
}

func isAdmin(u aktiv.User) bool { return u.Details.Role.Name == aktiv.RoleAdministrator }

// decodeStrict decodes one JSON object whose keys are exactly keys, spelt
// with their case: encoding/json alone would match "companyname" to
// "companyName", and a client sending the wrong spelling should fail here.
func decodeStrict(r *http.Request, v any, keys ...string) bool {
	var body bytes.Buffer
	if _, err := body.ReadFrom(r.Body); err != nil {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body.Bytes()))
	var fields map[string]json.RawMessage
	if dec.Decode(&fields) != nil || dec.More() || len(fields) != len(keys) {
		return false
	}
	for _, k := range keys {
		if _, ok := fields[k]; !ok {
			return false
		}
	}
	return json.Unmarshal(body.Bytes(), v) == nil
}

func toUserWire(u aktiv.User) userWire {
	d := u.Details
	return userWire{
		ID: u.ID, CompanyName: u.CompanyName, Confirmed: u.Confirmed, CountryID: u.CountryID,
		Email: u.Email, Phone: u.Phone, Status: u.Status,
		Details: detailsWire{
			ID: d.ID, FirstName: d.FirstName, LastName: d.LastName, LastVisitDate: unix(&d.LastVisit),
			Role: roleWire{ID: d.Role.ID, CreateOrders: d.Role.CreateOrders, CreateProducts: d.Role.CreateProducts,
				CreateUsers: d.Role.CreateUsers, ManageProtect: d.Role.ManageProtect, NameEng: d.Role.Name},
			Settings: settingsWire{Language: d.Settings.Language},
		},
	}
}

// hex writes a code as the vendor does: "0x" and lowercase digits without
// leading zeros.
func hex(c aktiv.Code) string { return "0x" + strconv.FormatUint(uint64(c), 16) }

// unix writes a date as Unix seconds, 0 for none.
func unix(t *time.Time) int64 {
	if t == nil || t.IsZero() {
		return 0
	}
	return t.Unix()
}
