/**
 * Generated from format.ts by `npm run schema` (formatCheckSchema); do not edit. The main and include file
 * formats as a JSON Schema, for format-check.ts to check files against without loading zod.
 */
import type { JsonSchema } from './format-check.js';

export const FORMAT_CHECK_SCHEMA: JsonSchema = {
  "type": "object",
  "properties": {
    "topology": {
      "type": "object",
      "properties": {
        "segproof": {
          "$ref": "#/$defs/__schema0"
        },
        "name": {
          "$ref": "#/$defs/__schema1"
        },
        "description": {
          "$ref": "#/$defs/__schema2"
        },
        "model": {
          "$ref": "#/$defs/__schema4"
        },
        "guidelineVersion": {
          "$ref": "#/$defs/__schema6"
        },
        "include": {
          "$ref": "#/$defs/__schema8"
        },
        "zones": {
          "$ref": "#/$defs/__schema10"
        },
        "logicalNetworks": {
          "$ref": "#/$defs/__schema13"
        },
        "segments": {
          "$ref": "#/$defs/__schema17"
        },
        "objects": {
          "$ref": "#/$defs/__schema23"
        },
        "defaults": {
          "$ref": "#/$defs/__schema27"
        },
        "groups": {
          "$ref": "#/$defs/__schema95"
        },
        "nodes": {
          "$ref": "#/$defs/__schema97"
        },
        "imports": {
          "$ref": "#/$defs/__schema214"
        }
      },
      "required": [
        "segproof",
        "name"
      ],
      "additionalProperties": false
    },
    "include": {
      "type": "object",
      "properties": {
        "include": {
          "$ref": "#/$defs/__schema8"
        },
        "zones": {
          "$ref": "#/$defs/__schema10"
        },
        "logicalNetworks": {
          "$ref": "#/$defs/__schema13"
        },
        "segments": {
          "$ref": "#/$defs/__schema17"
        },
        "objects": {
          "$ref": "#/$defs/__schema23"
        },
        "defaults": {
          "$ref": "#/$defs/__schema27"
        },
        "groups": {
          "$ref": "#/$defs/__schema95"
        },
        "nodes": {
          "$ref": "#/$defs/__schema97"
        },
        "imports": {
          "$ref": "#/$defs/__schema214"
        }
      },
      "additionalProperties": false
    }
  },
  "required": [
    "topology",
    "include"
  ],
  "additionalProperties": false,
  "$defs": {
    "__schema0": {
      "type": "number",
      "const": 1
    },
    "__schema1": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
    },
    "__schema2": {
      "$ref": "#/$defs/__schema3"
    },
    "__schema3": {
      "type": "string"
    },
    "__schema4": {
      "$ref": "#/$defs/__schema5"
    },
    "__schema5": {
      "type": "string",
      "enum": [
        "alpha",
        "alpha-prime",
        "beta",
        "beta-prime",
        "zero-trust-2030"
      ]
    },
    "__schema6": {
      "$ref": "#/$defs/__schema7"
    },
    "__schema7": {
      "type": "string",
      "enum": [
        "H30.9",
        "R2.12",
        "R4.3",
        "R5.3",
        "R6.10",
        "R7.3"
      ]
    },
    "__schema8": {
      "$ref": "#/$defs/__schema9"
    },
    "__schema9": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema10": {
      "$ref": "#/$defs/__schema11"
    },
    "__schema11": {
      "type": "object",
      "propertyNames": {
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
      },
      "additionalProperties": {
        "type": "object",
        "properties": {
          "class": {
            "type": "string",
            "enum": [
              "MN",
              "MN_GC",
              "LG",
              "INET",
              "INTERNET",
              "LGWAN",
              "JUKI",
              "GOVCLOUD",
              "GOVNW",
              "SECCLOUD",
              "GSS",
              "SAAS",
              "TRANSIT"
            ]
          },
          "description": {
            "$ref": "#/$defs/__schema12"
          }
        },
        "required": [
          "class"
        ],
        "additionalProperties": false
      }
    },
    "__schema12": {
      "type": "string"
    },
    "__schema13": {
      "$ref": "#/$defs/__schema14"
    },
    "__schema14": {
      "type": "object",
      "propertyNames": {
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
      },
      "additionalProperties": {
        "type": "object",
        "properties": {
          "description": {
            "$ref": "#/$defs/__schema15"
          },
          "tenant": {
            "$ref": "#/$defs/__schema16"
          }
        },
        "additionalProperties": false
      }
    },
    "__schema15": {
      "type": "string"
    },
    "__schema16": {
      "type": "string"
    },
    "__schema17": {
      "$ref": "#/$defs/__schema18"
    },
    "__schema18": {
      "type": "object",
      "propertyNames": {
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
      },
      "additionalProperties": {
        "type": "object",
        "properties": {
          "zone": {
            "type": "string",
            "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
          },
          "prefix": {
            "type": "string"
          },
          "vlan": {
            "$ref": "#/$defs/__schema19"
          },
          "vrf": {
            "$ref": "#/$defs/__schema20"
          },
          "site": {
            "$ref": "#/$defs/__schema21"
          },
          "description": {
            "$ref": "#/$defs/__schema22"
          }
        },
        "required": [
          "zone",
          "prefix"
        ],
        "additionalProperties": false
      }
    },
    "__schema19": {
      "type": "integer",
      "minimum": 1,
      "maximum": 4094
    },
    "__schema20": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
    },
    "__schema21": {
      "type": "string"
    },
    "__schema22": {
      "type": "string"
    },
    "__schema23": {
      "$ref": "#/$defs/__schema24"
    },
    "__schema24": {
      "type": "object",
      "properties": {
        "addresses": {
          "$ref": "#/$defs/__schema25"
        },
        "services": {
          "$ref": "#/$defs/__schema26"
        }
      },
      "additionalProperties": false
    },
    "__schema25": {
      "type": "object",
      "propertyNames": {
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
      },
      "additionalProperties": {
        "anyOf": [
          {
            "type": "string"
          },
          {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        ]
      }
    },
    "__schema26": {
      "type": "object",
      "propertyNames": {
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
      },
      "additionalProperties": {
        "anyOf": [
          {
            "type": "string"
          },
          {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        ]
      }
    },
    "__schema27": {
      "$ref": "#/$defs/__schema28"
    },
    "__schema28": {
      "type": "object",
      "properties": {
        "all": {
          "$ref": "#/$defs/__schema29"
        },
        "host": {
          "$ref": "#/$defs/__schema29"
        },
        "router": {
          "$ref": "#/$defs/__schema29"
        },
        "firewall": {
          "$ref": "#/$defs/__schema29"
        },
        "screen-transfer": {
          "$ref": "#/$defs/__schema29"
        },
        "sanitiser": {
          "$ref": "#/$defs/__schema29"
        },
        "relay": {
          "$ref": "#/$defs/__schema29"
        },
        "proxy": {
          "$ref": "#/$defs/__schema29"
        },
        "mail-relay": {
          "$ref": "#/$defs/__schema29"
        },
        "zt-pep": {
          "$ref": "#/$defs/__schema29"
        },
        "dedicated-line": {
          "$ref": "#/$defs/__schema29"
        },
        "external": {
          "$ref": "#/$defs/__schema29"
        }
      },
      "additionalProperties": false
    },
    "__schema29": {
      "type": "object",
      "properties": {
        "zone": {
          "$ref": "#/$defs/__schema30"
        },
        "site": {
          "$ref": "#/$defs/__schema32"
        },
        "tags": {
          "$ref": "#/$defs/__schema34"
        },
        "inventory": {
          "$ref": "#/$defs/__schema36"
        },
        "role": {
          "$ref": "#/$defs/__schema85"
        },
        "stateful": {
          "$ref": "#/$defs/__schema87"
        },
        "gateway": {
          "$ref": "#/$defs/__schema89"
        },
        "identity": {
          "$ref": "#/$defs/__schema91"
        }
      },
      "additionalProperties": false
    },
    "__schema30": {
      "$ref": "#/$defs/__schema31"
    },
    "__schema31": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
    },
    "__schema32": {
      "$ref": "#/$defs/__schema33"
    },
    "__schema33": {
      "type": "string"
    },
    "__schema34": {
      "$ref": "#/$defs/__schema35"
    },
    "__schema35": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema36": {
      "$ref": "#/$defs/__schema37"
    },
    "__schema37": {
      "type": "object",
      "properties": {
        "systemName": {
          "$ref": "#/$defs/__schema38"
        },
        "owner": {
          "$ref": "#/$defs/__schema40"
        },
        "softwareName": {
          "$ref": "#/$defs/__schema47"
        },
        "vendor": {
          "$ref": "#/$defs/__schema49"
        },
        "confidentiality": {
          "$ref": "#/$defs/__schema51"
        },
        "holdsResidentData": {
          "$ref": "#/$defs/__schema53"
        },
        "epp": {
          "$ref": "#/$defs/__schema55"
        },
        "edr": {
          "$ref": "#/$defs/__schema57"
        },
        "logCollection": {
          "$ref": "#/$defs/__schema59"
        },
        "assetManagement": {
          "$ref": "#/$defs/__schema61"
        },
        "patching": {
          "$ref": "#/$defs/__schema63"
        },
        "twoFactorAuth": {
          "$ref": "#/$defs/__schema65"
        },
        "exportBlocked": {
          "$ref": "#/$defs/__schema67"
        },
        "wlan": {
          "$ref": "#/$defs/__schema69"
        },
        "accessControl": {
          "$ref": "#/$defs/__schema71"
        },
        "environment": {
          "$ref": "#/$defs/__schema73"
        },
        "targetSegment": {
          "$ref": "#/$defs/__schema75"
        },
        "desiredMigrationDate": {
          "$ref": "#/$defs/__schema77"
        },
        "annualCostJPY": {
          "$ref": "#/$defs/__schema79"
        },
        "remoteMaintenanceViaInternet": {
          "$ref": "#/$defs/__schema81"
        },
        "notes": {
          "$ref": "#/$defs/__schema83"
        }
      },
      "additionalProperties": false
    },
    "__schema38": {
      "$ref": "#/$defs/__schema39"
    },
    "__schema39": {
      "type": "string"
    },
    "__schema40": {
      "$ref": "#/$defs/__schema41"
    },
    "__schema41": {
      "type": "object",
      "properties": {
        "org": {
          "$ref": "#/$defs/__schema42"
        },
        "department": {
          "$ref": "#/$defs/__schema43"
        },
        "contact": {
          "$ref": "#/$defs/__schema44"
        },
        "email": {
          "$ref": "#/$defs/__schema45"
        },
        "phone": {
          "$ref": "#/$defs/__schema46"
        }
      },
      "additionalProperties": false
    },
    "__schema42": {
      "type": "string"
    },
    "__schema43": {
      "type": "string"
    },
    "__schema44": {
      "type": "string"
    },
    "__schema45": {
      "type": "string"
    },
    "__schema46": {
      "type": "string"
    },
    "__schema47": {
      "$ref": "#/$defs/__schema48"
    },
    "__schema48": {
      "type": "string"
    },
    "__schema49": {
      "$ref": "#/$defs/__schema50"
    },
    "__schema50": {
      "type": "string"
    },
    "__schema51": {
      "$ref": "#/$defs/__schema52"
    },
    "__schema52": {
      "anyOf": [
        {
          "type": "number",
          "const": 1
        },
        {
          "type": "number",
          "const": 2
        },
        {
          "type": "number",
          "const": 3
        }
      ]
    },
    "__schema53": {
      "$ref": "#/$defs/__schema54"
    },
    "__schema54": {
      "type": "boolean"
    },
    "__schema55": {
      "$ref": "#/$defs/__schema56"
    },
    "__schema56": {
      "type": "boolean"
    },
    "__schema57": {
      "$ref": "#/$defs/__schema58"
    },
    "__schema58": {
      "type": "boolean"
    },
    "__schema59": {
      "$ref": "#/$defs/__schema60"
    },
    "__schema60": {
      "type": "boolean"
    },
    "__schema61": {
      "$ref": "#/$defs/__schema62"
    },
    "__schema62": {
      "type": "boolean"
    },
    "__schema63": {
      "$ref": "#/$defs/__schema64"
    },
    "__schema64": {
      "type": "boolean"
    },
    "__schema65": {
      "$ref": "#/$defs/__schema66"
    },
    "__schema66": {
      "type": "boolean"
    },
    "__schema67": {
      "$ref": "#/$defs/__schema68"
    },
    "__schema68": {
      "type": "boolean"
    },
    "__schema69": {
      "$ref": "#/$defs/__schema70"
    },
    "__schema70": {
      "type": "string",
      "enum": [
        "none",
        "wpa-enterprise",
        "eap-tls"
      ]
    },
    "__schema71": {
      "$ref": "#/$defs/__schema72"
    },
    "__schema72": {
      "type": "string",
      "enum": [
        "none",
        "section",
        "subsection"
      ]
    },
    "__schema73": {
      "$ref": "#/$defs/__schema74"
    },
    "__schema74": {
      "type": "string",
      "enum": [
        "onprem",
        "dc",
        "cloud"
      ]
    },
    "__schema75": {
      "$ref": "#/$defs/__schema76"
    },
    "__schema76": {
      "type": "string",
      "enum": [
        "MN",
        "LG",
        "INET"
      ]
    },
    "__schema77": {
      "$ref": "#/$defs/__schema78"
    },
    "__schema78": {
      "type": "string"
    },
    "__schema79": {
      "$ref": "#/$defs/__schema80"
    },
    "__schema80": {
      "type": "number",
      "minimum": 0
    },
    "__schema81": {
      "$ref": "#/$defs/__schema82"
    },
    "__schema82": {
      "type": "boolean"
    },
    "__schema83": {
      "$ref": "#/$defs/__schema84"
    },
    "__schema84": {
      "type": "string"
    },
    "__schema85": {
      "$ref": "#/$defs/__schema86"
    },
    "__schema86": {
      "type": "string",
      "enum": [
        "terminal",
        "server"
      ]
    },
    "__schema87": {
      "$ref": "#/$defs/__schema88"
    },
    "__schema88": {
      "type": "boolean"
    },
    "__schema89": {
      "$ref": "#/$defs/__schema90"
    },
    "__schema90": {
      "type": "string"
    },
    "__schema91": {
      "$ref": "#/$defs/__schema92"
    },
    "__schema92": {
      "type": "object",
      "properties": {
        "userRole": {
          "$ref": "#/$defs/__schema93"
        },
        "devicePosture": {
          "$ref": "#/$defs/__schema94"
        }
      },
      "additionalProperties": false
    },
    "__schema93": {
      "type": "string"
    },
    "__schema94": {
      "type": "string"
    },
    "__schema95": {
      "$ref": "#/$defs/__schema96"
    },
    "__schema96": {
      "type": "object",
      "propertyNames": {
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
      },
      "additionalProperties": {
        "$ref": "#/$defs/__schema29"
      }
    },
    "__schema97": {
      "type": "object",
      "propertyNames": {
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
      },
      "additionalProperties": {
        "oneOf": [
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "host"
              },
              "role": {
                "$ref": "#/$defs/__schema98"
              },
              "count": {
                "$ref": "#/$defs/__schema99"
              },
              "gateway": {
                "$ref": "#/$defs/__schema100"
              },
              "listens": {
                "$ref": "#/$defs/__schema101"
              },
              "identity": {
                "$ref": "#/$defs/__schema102"
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "interfaces"
            ],
            "additionalProperties": false
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "router"
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "acls": {
                "$ref": "#/$defs/__schema135"
              },
              "nat": {
                "$ref": "#/$defs/__schema146"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "interfaces"
            ],
            "additionalProperties": false
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "firewall"
              },
              "stateful": {
                "$ref": "#/$defs/__schema152"
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "acls": {
                "$ref": "#/$defs/__schema135"
              },
              "nat": {
                "$ref": "#/$defs/__schema146"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "interfaces"
            ],
            "additionalProperties": false
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "screen-transfer"
              },
              "clientSide": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
              },
              "hostSide": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
              },
              "protocols": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema153"
                  },
                  {
                    "$ref": "#/$defs/__schema154"
                  }
                ]
              },
              "targets": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema155"
                  },
                  {
                    "$ref": "#/$defs/__schema156"
                  }
                ]
              },
              "targetServices": {
                "$ref": "#/$defs/__schema157"
              },
              "redirection": {
                "$ref": "#/$defs/__schema158"
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "clientSide",
              "hostSide",
              "protocols",
              "targets",
              "interfaces"
            ],
            "additionalProperties": false
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "sanitiser"
              },
              "inSide": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
              },
              "outSide": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
              },
              "method": {
                "type": "string",
                "enum": [
                  "text-extract",
                  "image-pdf",
                  "cdr",
                  "sandbox-release"
                ]
              },
              "accepts": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema164"
                  },
                  {
                    "$ref": "#/$defs/__schema165"
                  }
                ]
              },
              "targets": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema166"
                  },
                  {
                    "$ref": "#/$defs/__schema167"
                  }
                ]
              },
              "targetServices": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema168"
                  },
                  {
                    "$ref": "#/$defs/__schema169"
                  }
                ]
              },
              "carries": {
                "$ref": "#/$defs/__schema170"
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "inSide",
              "outSide",
              "method",
              "accepts",
              "targets",
              "targetServices",
              "interfaces"
            ],
            "additionalProperties": false
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "relay"
              },
              "allow": {
                "minItems": 1,
                "type": "array",
                "items": {
                  "$ref": "#/$defs/__schema173"
                }
              },
              "onward": {
                "type": "object",
                "properties": {
                  "to": {
                    "$ref": "#/$defs/__schema180"
                  },
                  "service": {
                    "$ref": "#/$defs/__schema183"
                  }
                },
                "required": [
                  "to",
                  "service"
                ],
                "additionalProperties": false
              },
              "carries": {
                "$ref": "#/$defs/__schema170"
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "allow",
              "onward",
              "interfaces"
            ],
            "additionalProperties": false
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "proxy"
              },
              "clientSide": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
              },
              "upstreamSide": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
              },
              "accepts": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema186"
                  },
                  {
                    "$ref": "#/$defs/__schema187"
                  }
                ]
              },
              "targets": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema188"
                  },
                  {
                    "$ref": "#/$defs/__schema189"
                  }
                ]
              },
              "targetServices": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema190"
                  },
                  {
                    "$ref": "#/$defs/__schema191"
                  }
                ]
              },
              "sanitise": {
                "$ref": "#/$defs/__schema192"
              },
              "carries": {
                "$ref": "#/$defs/__schema170"
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "clientSide",
              "upstreamSide",
              "accepts",
              "targets",
              "targetServices",
              "interfaces"
            ],
            "additionalProperties": false
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "mail-relay"
              },
              "clientSide": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
              },
              "upstreamSide": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
              },
              "accepts": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema193"
                  },
                  {
                    "$ref": "#/$defs/__schema194"
                  }
                ]
              },
              "targets": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema195"
                  },
                  {
                    "$ref": "#/$defs/__schema196"
                  }
                ]
              },
              "targetServices": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema197"
                  },
                  {
                    "$ref": "#/$defs/__schema198"
                  }
                ]
              },
              "sanitise": {
                "$ref": "#/$defs/__schema199"
              },
              "carries": {
                "$ref": "#/$defs/__schema170"
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "clientSide",
              "upstreamSide",
              "accepts",
              "targets",
              "targetServices",
              "interfaces"
            ],
            "additionalProperties": false
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "zt-pep"
              },
              "clientSide": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
              },
              "resourceSide": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
              },
              "accepts": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema200"
                  },
                  {
                    "$ref": "#/$defs/__schema201"
                  }
                ]
              },
              "dataClass": {
                "$ref": "#/$defs/__schema202"
              },
              "rules": {
                "type": "array",
                "items": {
                  "$ref": "#/$defs/__schema203"
                }
              },
              "default": {
                "type": "string",
                "enum": [
                  "permit",
                  "deny"
                ]
              },
              "logging": {
                "$ref": "#/$defs/__schema210"
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "clientSide",
              "resourceSide",
              "accepts",
              "rules",
              "default",
              "interfaces"
            ],
            "additionalProperties": false
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "dedicated-line"
              },
              "provider": {
                "$ref": "#/$defs/__schema211"
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "interfaces"
            ],
            "additionalProperties": false
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "type": "string",
                "const": "external"
              },
              "owns": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/__schema212"
                  },
                  {
                    "$ref": "#/$defs/__schema213"
                  }
                ]
              },
              "interfaces": {
                "$ref": "#/$defs/__schema105"
              },
              "routes": {
                "$ref": "#/$defs/__schema113"
              },
              "leaks": {
                "$ref": "#/$defs/__schema119"
              },
              "group": {
                "$ref": "#/$defs/__schema124"
              },
              "zone": {
                "$ref": "#/$defs/__schema126"
              },
              "site": {
                "$ref": "#/$defs/__schema128"
              },
              "description": {
                "$ref": "#/$defs/__schema130"
              },
              "tags": {
                "$ref": "#/$defs/__schema132"
              },
              "inventory": {
                "$ref": "#/$defs/__schema134"
              }
            },
            "required": [
              "kind",
              "owns",
              "interfaces"
            ],
            "additionalProperties": false
          }
        ]
      }
    },
    "__schema98": {
      "type": "string",
      "enum": [
        "terminal",
        "server"
      ]
    },
    "__schema99": {
      "type": "integer",
      "minimum": 1,
      "maximum": 9007199254740991
    },
    "__schema100": {
      "type": "string"
    },
    "__schema101": {
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "__schema102": {
      "type": "object",
      "properties": {
        "userRole": {
          "$ref": "#/$defs/__schema103"
        },
        "devicePosture": {
          "$ref": "#/$defs/__schema104"
        }
      },
      "additionalProperties": false
    },
    "__schema103": {
      "type": "string"
    },
    "__schema104": {
      "type": "string"
    },
    "__schema105": {
      "type": "object",
      "propertyNames": {
        "$ref": "#/$defs/__schema106"
      },
      "additionalProperties": {
        "$ref": "#/$defs/__schema107"
      }
    },
    "__schema106": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
    },
    "__schema107": {
      "type": "object",
      "properties": {
        "segment": {
          "type": "string",
          "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
        },
        "address": {
          "$ref": "#/$defs/__schema108"
        },
        "vrf": {
          "$ref": "#/$defs/__schema109"
        },
        "mac": {
          "$ref": "#/$defs/__schema110"
        },
        "urpf": {
          "$ref": "#/$defs/__schema111"
        },
        "description": {
          "$ref": "#/$defs/__schema112"
        }
      },
      "required": [
        "segment"
      ],
      "additionalProperties": false
    },
    "__schema108": {
      "type": "string"
    },
    "__schema109": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
    },
    "__schema110": {
      "type": "string",
      "pattern": "^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$"
    },
    "__schema111": {
      "type": "string",
      "enum": [
        "strict"
      ]
    },
    "__schema112": {
      "type": "string"
    },
    "__schema113": {
      "$ref": "#/$defs/__schema114"
    },
    "__schema114": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "prefix": {
            "type": "string"
          },
          "via": {
            "$ref": "#/$defs/__schema115"
          },
          "interface": {
            "$ref": "#/$defs/__schema116"
          },
          "drop": {
            "$ref": "#/$defs/__schema117"
          },
          "vrf": {
            "$ref": "#/$defs/__schema118"
          }
        },
        "required": [
          "prefix"
        ],
        "additionalProperties": false
      }
    },
    "__schema115": {
      "type": "string"
    },
    "__schema116": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
    },
    "__schema117": {
      "type": "boolean"
    },
    "__schema118": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
    },
    "__schema119": {
      "$ref": "#/$defs/__schema120"
    },
    "__schema120": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "from": {
            "type": "string",
            "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
          },
          "to": {
            "type": "string",
            "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
          },
          "prefixes": {
            "anyOf": [
              {
                "$ref": "#/$defs/__schema121"
              },
              {
                "$ref": "#/$defs/__schema122"
              }
            ]
          },
          "description": {
            "$ref": "#/$defs/__schema123"
          }
        },
        "required": [
          "from",
          "to",
          "prefixes"
        ],
        "additionalProperties": false
      }
    },
    "__schema121": {
      "type": "string"
    },
    "__schema122": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema123": {
      "type": "string"
    },
    "__schema124": {
      "$ref": "#/$defs/__schema125"
    },
    "__schema125": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
    },
    "__schema126": {
      "$ref": "#/$defs/__schema127"
    },
    "__schema127": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
    },
    "__schema128": {
      "$ref": "#/$defs/__schema129"
    },
    "__schema129": {
      "type": "string"
    },
    "__schema130": {
      "$ref": "#/$defs/__schema131"
    },
    "__schema131": {
      "type": "string"
    },
    "__schema132": {
      "$ref": "#/$defs/__schema133"
    },
    "__schema133": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema134": {
      "$ref": "#/$defs/__schema37"
    },
    "__schema135": {
      "$ref": "#/$defs/__schema136"
    },
    "__schema136": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
          },
          "bind": {
            "anyOf": [
              {
                "$ref": "#/$defs/__schema137"
              },
              {
                "$ref": "#/$defs/__schema138"
              }
            ]
          },
          "default": {
            "type": "string",
            "enum": [
              "permit",
              "deny"
            ]
          },
          "rules": {
            "type": "array",
            "items": {
              "$ref": "#/$defs/__schema139"
            }
          },
          "description": {
            "$ref": "#/$defs/__schema145"
          }
        },
        "required": [
          "name",
          "bind",
          "default",
          "rules"
        ],
        "additionalProperties": false
      }
    },
    "__schema137": {
      "type": "object",
      "properties": {
        "interface": {
          "type": "string",
          "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
        },
        "direction": {
          "type": "string",
          "enum": [
            "in",
            "out"
          ]
        }
      },
      "required": [
        "interface",
        "direction"
      ],
      "additionalProperties": false
    },
    "__schema138": {
      "type": "object",
      "properties": {
        "fromZone": {
          "type": "string",
          "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
        },
        "toZone": {
          "type": "string",
          "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
        }
      },
      "required": [
        "fromZone",
        "toZone"
      ],
      "additionalProperties": false
    },
    "__schema139": {
      "type": "object",
      "properties": {
        "name": {
          "type": "string",
          "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
        },
        "action": {
          "type": "string",
          "enum": [
            "permit",
            "deny"
          ]
        },
        "src": {
          "$ref": "#/$defs/__schema140"
        },
        "dst": {
          "$ref": "#/$defs/__schema141"
        },
        "service": {
          "$ref": "#/$defs/__schema142"
        },
        "description": {
          "$ref": "#/$defs/__schema143"
        },
        "log": {
          "$ref": "#/$defs/__schema144"
        }
      },
      "required": [
        "name",
        "action"
      ],
      "additionalProperties": false
    },
    "__schema140": {
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "__schema141": {
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "__schema142": {
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "__schema143": {
      "type": "string"
    },
    "__schema144": {
      "type": "boolean"
    },
    "__schema145": {
      "type": "string"
    },
    "__schema146": {
      "$ref": "#/$defs/__schema147"
    },
    "__schema147": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
          },
          "type": {
            "type": "string",
            "enum": [
              "source",
              "destination"
            ]
          },
          "interface": {
            "type": "string",
            "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
          },
          "src": {
            "$ref": "#/$defs/__schema148"
          },
          "dst": {
            "$ref": "#/$defs/__schema149"
          },
          "service": {
            "$ref": "#/$defs/__schema150"
          },
          "translateTo": {
            "type": "string"
          },
          "translatePort": {
            "$ref": "#/$defs/__schema151"
          }
        },
        "required": [
          "name",
          "type",
          "interface",
          "translateTo"
        ],
        "additionalProperties": false
      }
    },
    "__schema148": {
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "__schema149": {
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "__schema150": {
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "__schema151": {
      "type": "integer",
      "minimum": 0,
      "maximum": 65535
    },
    "__schema152": {
      "type": "boolean"
    },
    "__schema153": {
      "type": "string"
    },
    "__schema154": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema155": {
      "type": "string"
    },
    "__schema156": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema157": {
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "__schema158": {
      "type": "object",
      "properties": {
        "clipboard": {
          "$ref": "#/$defs/__schema159"
        },
        "file": {
          "$ref": "#/$defs/__schema159"
        },
        "drive": {
          "$ref": "#/$defs/__schema159"
        },
        "printer": {
          "$ref": "#/$defs/__schema159"
        }
      },
      "additionalProperties": false
    },
    "__schema159": {
      "type": "object",
      "properties": {
        "clientToHost": {
          "$ref": "#/$defs/__schema160"
        },
        "hostToClient": {
          "$ref": "#/$defs/__schema162"
        }
      },
      "additionalProperties": false
    },
    "__schema160": {
      "$ref": "#/$defs/__schema161"
    },
    "__schema161": {
      "type": "boolean"
    },
    "__schema162": {
      "$ref": "#/$defs/__schema163"
    },
    "__schema163": {
      "type": "boolean"
    },
    "__schema164": {
      "type": "string"
    },
    "__schema165": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema166": {
      "type": "string"
    },
    "__schema167": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema168": {
      "type": "string"
    },
    "__schema169": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema170": {
      "$ref": "#/$defs/__schema171"
    },
    "__schema171": {
      "minItems": 1,
      "type": "array",
      "items": {
        "$ref": "#/$defs/__schema172"
      }
    },
    "__schema172": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
    },
    "__schema173": {
      "type": "object",
      "properties": {
        "src": {
          "anyOf": [
            {
              "$ref": "#/$defs/__schema174"
            },
            {
              "$ref": "#/$defs/__schema175"
            }
          ]
        },
        "dst": {
          "$ref": "#/$defs/__schema176"
        },
        "service": {
          "anyOf": [
            {
              "$ref": "#/$defs/__schema177"
            },
            {
              "$ref": "#/$defs/__schema178"
            }
          ]
        },
        "mac": {
          "$ref": "#/$defs/__schema179"
        }
      },
      "required": [
        "src",
        "service"
      ],
      "additionalProperties": false
    },
    "__schema174": {
      "type": "string"
    },
    "__schema175": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema176": {
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "__schema177": {
      "type": "string"
    },
    "__schema178": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema179": {
      "type": "string",
      "pattern": "^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$"
    },
    "__schema180": {
      "anyOf": [
        {
          "$ref": "#/$defs/__schema181"
        },
        {
          "$ref": "#/$defs/__schema182"
        }
      ]
    },
    "__schema181": {
      "type": "string"
    },
    "__schema182": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema183": {
      "anyOf": [
        {
          "$ref": "#/$defs/__schema184"
        },
        {
          "$ref": "#/$defs/__schema185"
        }
      ]
    },
    "__schema184": {
      "type": "string"
    },
    "__schema185": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema186": {
      "type": "string"
    },
    "__schema187": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema188": {
      "type": "string"
    },
    "__schema189": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema190": {
      "type": "string"
    },
    "__schema191": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema192": {
      "type": "string",
      "enum": [
        "text-extract",
        "image-pdf",
        "cdr",
        "sandbox-release"
      ]
    },
    "__schema193": {
      "type": "string"
    },
    "__schema194": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema195": {
      "type": "string"
    },
    "__schema196": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema197": {
      "type": "string"
    },
    "__schema198": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema199": {
      "type": "string",
      "enum": [
        "text-extract",
        "image-pdf",
        "cdr",
        "sandbox-release"
      ]
    },
    "__schema200": {
      "type": "string"
    },
    "__schema201": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema202": {
      "type": "object",
      "propertyNames": {
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
      },
      "additionalProperties": {
        "type": "string"
      }
    },
    "__schema203": {
      "type": "object",
      "properties": {
        "name": {
          "type": "string",
          "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
        },
        "action": {
          "type": "string",
          "enum": [
            "permit",
            "deny"
          ]
        },
        "userRoles": {
          "$ref": "#/$defs/__schema204"
        },
        "devicePostures": {
          "$ref": "#/$defs/__schema205"
        },
        "dataClasses": {
          "$ref": "#/$defs/__schema206"
        },
        "resources": {
          "anyOf": [
            {
              "$ref": "#/$defs/__schema207"
            },
            {
              "$ref": "#/$defs/__schema208"
            }
          ]
        },
        "service": {
          "$ref": "#/$defs/__schema209"
        }
      },
      "required": [
        "name",
        "action",
        "resources"
      ],
      "additionalProperties": false
    },
    "__schema204": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema205": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema206": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema207": {
      "type": "string"
    },
    "__schema208": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema209": {
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "__schema210": {
      "type": "boolean"
    },
    "__schema211": {
      "type": "string"
    },
    "__schema212": {
      "type": "string"
    },
    "__schema213": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "__schema214": {
      "$ref": "#/$defs/__schema215"
    },
    "__schema215": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "format": {
            "type": "string"
          },
          "files": {
            "type": "array",
            "items": {
              "$ref": "#/$defs/__schema216"
            }
          },
          "partial": {
            "type": "boolean"
          },
          "unknownVerdictChanging": {
            "type": "integer",
            "minimum": 0,
            "maximum": 9007199254740991
          }
        },
        "required": [
          "format",
          "files",
          "partial",
          "unknownVerdictChanging"
        ],
        "additionalProperties": false
      }
    },
    "__schema216": {
      "type": "string"
    }
  }
};
