//! One API exercising every construct, for the compile check of emitted code.
use codegen::ir::*;

use super::*;

pub fn sample() -> Api {
    let mut api = api("Sample Pet Store API");
    api.description = Some(
        "# Sample API\r\n\r\nThe *sample* API, with a [link](https://example.com/docs) and https://example.com/bare.\r\n\r\n1. first\r\nlazy continuation\r\n2. second\r\n\r\nUses Vec<T> and [brackets].\r\n\r\n```\r\ncurl https://example.com\r\n```\r\n\r\n    indented code\r\n"
            .into(),
    );
    api.servers.push(Server {
        variant: "Sandbox".into(),
        name: "sandbox".into(),
        url: "https://sandbox.example.com/v1".into(),
        description: Some("Sandbox server (dev environment for clients & partners)".into()),
    });
    api.security_schemes = every_scheme();
    api.security_schemes[0].description =
        Some("The key is put in the `X-Api-Key` header.\n  - one\n  - two".into());

    let status = add(
        &mut api,
        "Status",
        string_enum(&[
            ("Available", "available"),
            ("Pending", "pending"),
            ("Sold", "sold"),
        ]),
    );
    if let TypeKind::StringEnum(e) = &mut def_mut(&mut api, &status).kind {
        e.variants[0].doc = Some("The pet can be bought.".into());
    }
    let level = add(
        &mut api,
        "Level",
        TypeKind::IntEnum(IntEnum {
            values: vec![
                ("LOW".into(), 1),
                ("HIGH".into(), 10),
                ("NEGATIVE".into(), i64::MIN),
            ],
        }),
    );
    let food = add(
        &mut api,
        "FoodKind",
        string_enum(&[
            ("FoodGood", "good"),
            ("FoodBad", "bad"),
            ("FoodMiddle", "middle"),
        ]),
    );
    let empty_enum = add(&mut api, "Anything", string_enum(&[]));
    let old = add(
        &mut api,
        "OldThing",
        strukt(vec![field("name", "name", TypeRef::String, false)]),
    );
    def_mut(&mut api, &old).deprecated = deprecated();

    let pet_id = TypeId(api.types.len());
    let pet_ref = TypeRef::Named(pet_id);
    let mut fields = vec![
        field("id", "id", TypeRef::Integer(IntWidth::I64), true),
        field("name", "name", TypeRef::String, true),
        field("tag", "tag", TypeRef::String, false),
        field("nickname", "nickName", TypeRef::String, true),
        field(
            "photo",
            "photo",
            TypeRef::Bytes(BytesEncoding::Base64),
            false,
        ),
        field("data", "data", TypeRef::Bytes(BytesEncoding::Base64), true),
        field("born", "born", TypeRef::Date, false),
        field("updated_at", "updatedAt", TypeRef::DateTime, true),
        field("meta", "meta", TypeRef::Json, false),
        field(
            "labels",
            "labels",
            TypeRef::Map(Box::new(TypeRef::String)),
            false,
        ),
        field(
            "scores",
            "scores",
            TypeRef::Array(Box::new(TypeRef::Float(FloatWidth::F64))),
            false,
        ),
        field("r#type", "type", status.clone(), false),
        field("level", "level", level.clone(), false),
        field("parent", "parent", pet_ref.clone(), false),
        field("old_name", "oldName", TypeRef::String, false),
        field("created_by", "createdBy", TypeRef::String, false),
        field(
            "maybe",
            "maybe",
            TypeRef::Nullable(Box::new(TypeRef::Integer(IntWidth::U32))),
            false,
        ),
        field("food", "food", food.clone(), false),
        field("anything", "anything", empty_enum.clone(), false),
        field("old", "old", old.clone(), false),
    ];
    fields[3].nullable = true;
    fields[1].doc = Some("The pet's name.\r\n\r\nSee https://example.com/names.".into());
    fields[1].example = Some("\"doggie\"".into());
    fields[2].default = Some("\"none\"".into());
    fields[13].boxed = true;
    fields[14].deprecated = deprecated_because("Use `name` instead.");
    fields[15].read_only = true;
    let pet = add(&mut api, "Pet", strukt(fields));
    assert_eq!(pet, pet_ref);
    def_mut(&mut api, &pet).doc = Some("A pet.\n\n - `id` is unique\n - `name` is not".into());
    def_mut(&mut api, &pet).example = Some("{\"id\": 1, \"name\": \"doggie\"}".into());

    let cat = add(
        &mut api,
        "Cat",
        strukt(vec![
            field("pet_type", "petType", TypeRef::String, true),
            field("lives", "lives", TypeRef::Integer(IntWidth::I32), true),
        ]),
    );
    let dog = add(
        &mut api,
        "Dog",
        strukt(vec![
            field("pet_type", "petType", TypeRef::String, false),
            field("good", "good", TypeRef::Bool, true),
        ]),
    );
    let animal = add(
        &mut api,
        "Animal",
        TypeKind::Union(Union {
            tagging: Tagging::Tagged {
                property: "petType".into(),
                unknown: "Unknown".into(),
            },
            variants: vec![
                UnionVariant {
                    name: "Cat".into(),
                    tags: vec!["cat".into(), "Cat".into()],
                    ty: cat,
                    boxed: false,
                },
                UnionVariant {
                    name: "Dog".into(),
                    tags: vec!["dog".into()],
                    ty: dog,
                    boxed: true,
                },
            ],
        }),
    );
    let pet_list = add(
        &mut api,
        "PetList",
        TypeKind::Alias(TypeRef::Array(Box::new(pet.clone()))),
    );
    let shape = add(
        &mut api,
        "Shape",
        TypeKind::Union(Union {
            tagging: Tagging::Untagged,
            variants: vec![
                UnionVariant {
                    name: "Circle".into(),
                    tags: vec![],
                    ty: TypeRef::Float(FloatWidth::F64),
                    boxed: false,
                },
                UnionVariant {
                    name: "Label".into(),
                    tags: vec![],
                    ty: TypeRef::String,
                    boxed: false,
                },
                UnionVariant {
                    name: "Pets".into(),
                    tags: vec![],
                    ty: pet_list.clone(),
                    boxed: false,
                },
                UnionVariant {
                    name: "Animal".into(),
                    tags: vec![],
                    ty: animal.clone(),
                    boxed: true,
                },
            ],
        }),
    );
    let node_id = TypeId(api.types.len());
    let mut next = field("next", "next", TypeRef::Named(node_id), false);
    next.boxed = true;
    let node = add(
        &mut api,
        "Node",
        strukt(vec![
            field(
                "children",
                "children",
                TypeRef::Array(Box::new(TypeRef::Named(node_id))),
                true,
            ),
            next,
        ]),
    );
    let mut secret = field("client_secret", "client_secret", TypeRef::String, true);
    secret.secret = true;
    let mut token = field("access_token", "access_token", TypeRef::String, false);
    token.secret = true;
    let credentials = add(
        &mut api,
        "Credentials",
        strukt(vec![
            field("client_id", "client_id", TypeRef::String, true),
            secret,
            token,
        ]),
    );
    let uses_old = add(
        &mut api,
        "UsesOld",
        strukt(vec![field("old", "old", old.clone(), true)]),
    );
    let extra = add(
        &mut api,
        "Extra",
        TypeKind::Struct(Struct {
            fields: vec![field(
                "additional_properties",
                "additional_properties",
                TypeRef::String,
                false,
            )],
            additional: Some(TypeRef::Json),
            required_args: None,
        }),
    );
    let many = add(
        &mut api,
        "Many",
        strukt(
            (1..=8)
                .map(|i| {
                    field(
                        &format!("f{i}"),
                        &format!("f{i}"),
                        TypeRef::Integer(IntWidth::I32),
                        true,
                    )
                })
                .collect(),
        ),
    );
    let big = add(
        &mut api,
        "Big",
        strukt(
            (1..=12)
                .map(|i| {
                    field(
                        &format!("text{i}"),
                        &format!("text{i}"),
                        TypeRef::String,
                        false,
                    )
                })
                .collect(),
        ),
    );
    let big_or_small = add(
        &mut api,
        "BigOrSmall",
        TypeKind::Union(Union {
            tagging: Tagging::Untagged,
            variants: vec![
                UnionVariant {
                    name: "Big".into(),
                    tags: vec![],
                    ty: big.clone(),
                    boxed: false,
                },
                UnionVariant {
                    name: "Small".into(),
                    tags: vec![],
                    ty: TypeRef::Bool,
                    boxed: false,
                },
            ],
        }),
    );
    let error_body = add(
        &mut api,
        "ErrorBody",
        strukt(vec![field("message", "message", TypeRef::String, true)]),
    );
    let form = add(
        &mut api,
        "FormData",
        strukt(vec![
            field("name", "name", TypeRef::String, false),
            field("count", "count", TypeRef::Integer(IntWidth::I64), false),
        ]),
    );
    let _ = (
        &node,
        &credentials,
        &uses_old,
        &extra,
        &many,
        &big_or_small,
        &shape,
    );

    // Operations.
    let mut list = op("list_pets", "GET", "/pets");
    list.summary = Some("List pets".into());
    list.description = Some("Returns the pets.\n\nFilter with `status`.".into());
    list.params = vec![
        param(
            "limit",
            "limit",
            ParamLocation::Query,
            TypeRef::Integer(IntWidth::I32),
            false,
        ),
        param(
            "tags",
            "tags",
            ParamLocation::Query,
            TypeRef::Array(Box::new(TypeRef::String)),
            false,
        ),
        param(
            "status",
            "status",
            ParamLocation::Query,
            status.clone(),
            true,
        ),
        param(
            "owner",
            "owner",
            ParamLocation::Query,
            TypeRef::String,
            true,
        ),
        param(
            "request_id",
            "X-Request-Id",
            ParamLocation::Header,
            TypeRef::String,
            false,
        ),
        param(
            "session",
            "session",
            ParamLocation::Cookie,
            TypeRef::String,
            false,
        ),
    ];
    list.params[0].doc = Some("How many [at most].".into());
    list.params[5].deprecated = deprecated();
    list.responses = vec![
        json(200, true, "Ok", pet_list.clone()),
        json(400, false, "BadRequest", error_body.clone()),
    ];
    list.responses[1].description = Some("Your request is incorrect".into());
    list.security = vec![vec!["apiKey".into()]];

    let mut get = op("get_pet", "GET", "/pets/{petId}");
    get.summary = Some("Get a pet".into());
    get.params = vec![param(
        "pet_id",
        "petId",
        ParamLocation::Path,
        TypeRef::Integer(IntWidth::I64),
        true,
    )];
    get.responses = vec![
        json(200, true, "Ok", pet.clone()),
        empty(StatusMatch::Code(404), false, "NotFound"),
        response(
            StatusMatch::Range(4),
            false,
            "ClientError",
            BodyEncoding::Json,
            error_body.clone(),
        ),
        response(
            StatusMatch::Default,
            false,
            "Default",
            BodyEncoding::Json,
            error_body.clone(),
        ),
    ];
    get.security = vec![vec!["apiKey".into()], vec![]];

    let mut create = op("create_pet", "POST", "/pets");
    create.success_type = Some("CreatePetResponse".into());
    create.body = Some(body(
        "application/json",
        BodyEncoding::Json,
        pet.clone(),
        true,
    ));
    create.responses = vec![
        json(200, true, "Ok", pet.clone()),
        json(201, true, "Created", pet.clone()),
        empty(StatusMatch::Code(204), true, "NoContent"),
        response(
            StatusMatch::Code(409),
            false,
            "Conflict",
            BodyEncoding::Text,
            TypeRef::String,
        ),
        response(
            StatusMatch::Range(5),
            false,
            "ServerError",
            BodyEncoding::Json,
            error_body.clone(),
        ),
    ];
    create.security = vec![vec!["apiKey".into(), "bearerAuth".into()]];

    let mut upload = op("upload_photo", "PUT", "/pets/{petId}/photo");
    upload.params = vec![param(
        "pet_id",
        "petId",
        ParamLocation::Path,
        TypeRef::Integer(IntWidth::I64),
        true,
    )];
    upload.body = Some(body(
        "image/png",
        BodyEncoding::Bytes,
        TypeRef::Bytes(BytesEncoding::Binary),
        true,
    ));
    upload.responses = vec![
        response(
            StatusMatch::Code(200),
            true,
            "Ok",
            BodyEncoding::Bytes,
            TypeRef::Bytes(BytesEncoding::Binary),
        ),
        response(
            StatusMatch::Code(413),
            false,
            "TooLarge",
            BodyEncoding::Bytes,
            TypeRef::Bytes(BytesEncoding::Binary),
        ),
    ];
    upload.security = vec![vec!["bearerAuth".into()]];

    let mut submit = op("submit_form", "POST", "/forms/{formId}.{format}/xyz");
    submit.params = vec![
        param(
            "form_id",
            "formId",
            ParamLocation::Path,
            TypeRef::String,
            true,
        ),
        param("format", "format", ParamLocation::Path, food.clone(), true),
    ];
    submit.params[0].style = ParamStyle::Label;
    submit.body = Some(body(
        "application/x-www-form-urlencoded",
        BodyEncoding::Form,
        form.clone(),
        false,
    ));
    submit.responses = vec![empty(StatusMatch::Code(204), true, "NoContent")];
    submit.security = vec![
        vec!["basicAuth".into()],
        vec!["queryKey".into()],
        vec!["cookieKey".into()],
    ];

    let mut echo = op("echo_text", "POST", "/echo");
    echo.body = Some(body(
        "text/plain",
        BodyEncoding::Text,
        TypeRef::String,
        true,
    ));
    echo.responses = vec![
        response(
            StatusMatch::Code(200),
            true,
            "Ok",
            BodyEncoding::Text,
            TypeRef::String,
        ),
        response(
            StatusMatch::Code(400),
            false,
            "BadRequest",
            BodyEncoding::Text,
            TypeRef::String,
        ),
    ];

    let mut delete = op("delete_pet", "DELETE", "/pets/{petId}");
    delete.deprecated = deprecated_because("Replaced by `archive`.");
    delete.params = vec![param(
        "pet_id",
        "petId",
        ParamLocation::Path,
        TypeRef::Integer(IntWidth::I64),
        true,
    )];
    delete.responses = vec![empty(StatusMatch::Code(204), true, "NoContent")];

    let ping = op("ping", "GET", "/ping");

    let mut many_path = op("many_path", "GET", "/m/{a}/{b}/{c}/{d}/{e}/{f}/{g}");
    many_path.params = ["a", "b", "c", "d", "e", "f", "g"]
        .iter()
        .map(|n| param(n, n, ParamLocation::Path, TypeRef::String, true))
        .collect();
    many_path.params[1].ty = level.clone();
    many_path.params[2].ty = TypeRef::Array(Box::new(TypeRef::String));
    many_path.params[3].ty = credentials.clone();
    many_path.params[4].ty = TypeRef::Bool;
    many_path.responses = vec![response(
        StatusMatch::Default,
        true,
        "Default",
        BodyEncoding::Json,
        TypeRef::Json,
    )];

    let mut shapes = op("put_shape", "PUT", "/shapes");
    shapes.body = Some(body(
        "application/json",
        BodyEncoding::Json,
        TypeRef::Array(Box::new(shape.clone())),
        true,
    ));
    shapes.responses = vec![
        json(200, true, "Ok", big_or_small.clone()),
        json(422, false, "Invalid", animal.clone()),
    ];

    let mut olds = op("get_old", "GET", "/old");
    olds.responses = vec![
        json(200, true, "Ok", uses_old.clone()),
        json(410, false, "Gone", old.clone()),
    ];

    api.operations = vec![
        list, get, create, upload, submit, echo, delete, ping, many_path, shapes, olds,
    ];
    api
}
